import { routeOf } from "@/lib/operations/route";
import { workspaces } from "@/lib/operations/workspaces";

// GET /v1/workspaces — the caller's workspaces with their role (a token: its own workspace)
export const GET = routeOf(workspaces.listWorkspaces);

// POST /v1/workspaces — create a workspace (with its default project); the caller becomes owner
export const POST = routeOf(workspaces.createWorkspace);
