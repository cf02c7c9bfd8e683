import { handlers } from "@/lib/auth/next-auth";
import { auth } from "@/lib/operations/auth";
import { routeOf } from "@/lib/operations/route";

// GET|POST /v1/auth/oauth/google/* — Auth.js (Google redirect flow: signin/google, callback/google)
export const GET = routeOf(auth.googleOAuthGet, handlers.GET);
export const POST = routeOf(auth.googleOAuthPost, handlers.POST);
