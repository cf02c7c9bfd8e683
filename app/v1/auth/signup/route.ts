import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/signup — create an account and mail a verification link (same answer for any email)
export const POST = routeOf(auth.signUp);
