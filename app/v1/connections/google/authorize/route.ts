import { oauthConnectionRoutes } from "@/lib/connections/oauth/routes";

// POST /v1/connections/google/authorize — start connecting (or reconnecting) a Google Workspace account
export const POST = oauthConnectionRoutes("google").authorize;
