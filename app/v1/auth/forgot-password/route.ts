import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/forgot-password — mail a single-use password reset link (same answer for any email)
export const POST = routeOf(auth.forgotPassword);
