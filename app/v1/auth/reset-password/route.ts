import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/reset-password — set a new password from a reset link; ends every session
export const POST = routeOf(auth.resetPassword);
