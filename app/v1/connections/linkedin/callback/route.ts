import { oauthConnectionRoutes } from "@/lib/connections/oauth/routes";

// GET /v1/connections/linkedin/callback — the provider sends the browser back here
export const GET = oauthConnectionRoutes("linkedin").callback;
