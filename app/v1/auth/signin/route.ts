import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/signin — sign in with email and password; sets the session cookie
export const POST = routeOf(auth.signIn);
