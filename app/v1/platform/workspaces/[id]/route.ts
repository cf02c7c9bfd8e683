import { routeOf } from "@/lib/operations/route";
import { platform } from "@/lib/operations/platform";

// GET /v1/platform/workspaces/{id} — one workspace (platform tokens only)
export const GET = routeOf(platform.getPlatformWorkspace);
