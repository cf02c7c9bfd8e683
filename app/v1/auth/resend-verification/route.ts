import { routeOf } from "@/lib/operations/route";
import { resendVerification } from "@/lib/operations/auth";

// POST /v1/auth/resend-verification — mail a new verification link (same answer for any email)
export const POST = routeOf(resendVerification);
