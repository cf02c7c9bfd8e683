import { routeOf } from "@/lib/operations/route";
import { signIn } from "@/lib/operations/auth";

// POST /v1/auth/signin — sign in with email and password; sets the session cookie
export const POST = routeOf(signIn);
