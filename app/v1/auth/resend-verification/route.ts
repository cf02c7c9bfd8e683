import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/resend-verification — mail a new verification link (same answer for any email)
export const POST = routeOf(auth.resendVerification);
