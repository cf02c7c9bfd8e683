import { routeOf } from "@/lib/operations/route";
import { resetPassword } from "@/lib/operations/auth";

// POST /v1/auth/reset-password — set a new password from a reset link; ends every session
export const POST = routeOf(resetPassword);
