import { oauthConnections } from "@/lib/operations/oauth-connections";
import { routeOf } from "@/lib/operations/route";

// POST /v1/connections/linkedin/authorize — start connecting (or reconnecting) a LinkedIn account
export const POST = routeOf(oauthConnections.authorizeLinkedInConnection);
