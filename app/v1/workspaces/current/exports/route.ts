import { routeOf } from "@/lib/operations/route";
import { dataExports } from "@/lib/operations/exports";

// GET /v1/workspaces/current/exports — the workspace's latest exports
export const GET = routeOf(dataExports.listWorkspaceExports);
