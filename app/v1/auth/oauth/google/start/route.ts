import { withPublic } from "@/lib/api/with-auth";
import { startGoogleSignIn } from "@/lib/auth/google-start";

// GET /v1/auth/oauth/google/start — redirect to Google to sign in (?callbackUrl=/path to return to)
export const GET = withPublic(async ({ req }) => startGoogleSignIn(req));
