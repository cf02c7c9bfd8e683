import { oauthConnections } from "@/lib/operations/oauth-connections";
import { routeOf } from "@/lib/operations/route";

// POST /v1/connections/google/authorize — start connecting (or reconnecting) a Google Workspace account
export const POST = routeOf(oauthConnections.authorizeGoogleConnection);
