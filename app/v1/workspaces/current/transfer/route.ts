import { routeOf } from "@/lib/operations/route";
import { workspaces } from "@/lib/operations/workspaces";

// POST /v1/workspaces/current/transfer — hand ownership to another member (owner only)
export const POST = routeOf(workspaces.transferWorkspaceOwnership);
