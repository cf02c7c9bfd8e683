import { routeOf } from "@/lib/operations/route";
import { auth } from "@/lib/operations/auth";

// POST /v1/auth/oauth/google/one-tap — sign in with a Google One Tap ID token; sets the session cookie
export const POST = routeOf(auth.signInWithGoogleOneTap);
