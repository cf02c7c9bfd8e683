import { routeOf } from "@/lib/operations/route";
import { me } from "@/lib/operations/me";

// GET /v1/me/deletion — the account's pending deletion, if any
export const GET = routeOf(me.getMyDeletion);
