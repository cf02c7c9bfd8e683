import { oauthConnectionRoutes } from "@/lib/connections/oauth/routes";

// GET /v1/connections/google/callback — the provider sends the browser back here
export const GET = oauthConnectionRoutes("google").callback;
