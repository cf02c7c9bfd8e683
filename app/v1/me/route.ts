import { routeOf } from "@/lib/operations/route";
import { me } from "@/lib/operations/me";

// GET /v1/me — the caller: user, workspaces with roles, and the token in use if any
export const GET = routeOf(me.getMe);

// DELETE /v1/me — schedule the account's deletion after the grace window
export const DELETE = routeOf(me.deleteMe);
