import { routeOf } from "@/lib/operations/route";
import { platform } from "@/lib/operations/platform";

// GET /v1/platform/workspaces — workspaces with owners, status and counts (platform tokens only)
export const GET = routeOf(platform.listPlatformWorkspaces);
