import { handlers } from "@/lib/auth/next-auth";

// GET|POST /v1/auth/oauth/google/* — Auth.js (Google redirect flow: signin/google, callback/google)
export const { GET, POST } = handlers;
