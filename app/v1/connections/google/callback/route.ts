import { oauthConnections } from "@/lib/operations/oauth-connections";
import { routeOf } from "@/lib/operations/route";

// GET /v1/connections/google/callback — the provider sends the browser back here
export const GET = routeOf(oauthConnections.completeGoogleConnection);
