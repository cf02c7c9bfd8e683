import { routeOf } from "@/lib/operations/route";
import { platform } from "@/lib/operations/platform";

// POST /v1/platform/workspaces/{id}/deletion — record a deletion request as a pending platform action (202)
export const POST = routeOf(platform.requestPlatformWorkspaceDeletion);
