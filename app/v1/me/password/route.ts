import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/me/password — change the caller's password; ends their other sessions
export const POST = routeOf(auth.changePassword);
