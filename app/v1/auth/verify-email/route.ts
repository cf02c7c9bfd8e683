import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/verify-email — confirm an address with the token from the verification link
export const POST = routeOf(auth.verifyEmail);
