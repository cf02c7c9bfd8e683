import { routeOf } from "@/lib/operations/route";
import { forgotPassword } from "@/lib/operations/auth";

// POST /v1/auth/forgot-password — mail a single-use password reset link (same answer for any email)
export const POST = routeOf(forgotPassword);
