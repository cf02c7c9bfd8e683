import { routeOf } from "@/lib/operations/route";
import { signOut } from "@/lib/operations/auth";

// POST /v1/auth/signout — end the current console session and clear its cookie (idempotent)
export const POST = routeOf(signOut);
