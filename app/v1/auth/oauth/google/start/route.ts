import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// GET /v1/auth/oauth/google/start — redirect to Google to sign in (?callbackUrl=/path to return to)
export const GET = routeOf(auth.startGoogleSignIn);
