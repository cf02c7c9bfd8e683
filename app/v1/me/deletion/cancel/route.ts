import { routeOf } from "@/lib/operations/route";
import { me } from "@/lib/operations/me";

// POST /v1/me/deletion/cancel — cancel the account's pending deletion
export const POST = routeOf(me.cancelMyDeletion);
