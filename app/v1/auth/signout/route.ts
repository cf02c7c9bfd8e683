import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/signout — end the current console session and clear its cookie (idempotent)
export const POST = routeOf(auth.signOut);
