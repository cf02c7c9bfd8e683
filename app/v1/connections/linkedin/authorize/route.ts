import { oauthConnectionRoutes } from "@/lib/connections/oauth/routes";

// POST /v1/connections/linkedin/authorize — start connecting (or reconnecting) a LinkedIn account
export const POST = oauthConnectionRoutes("linkedin").authorize;
