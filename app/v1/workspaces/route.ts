import { routeOf } from "@/lib/operations/route";
import { createWorkspace, listWorkspaces } from "@/lib/operations/workspaces";

// GET /v1/workspaces — the caller's workspaces with their role (a token: its own workspace)
export const GET = routeOf(listWorkspaces);

// POST /v1/workspaces — create a workspace (with its default project); the caller becomes owner
export const POST = routeOf(createWorkspace);
