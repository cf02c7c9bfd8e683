import { routeOf } from "@/lib/operations/route";
import { workspaces } from "@/lib/operations/workspaces";

// GET /v1/workspaces/current — the workspace named by X-Tenant-Id, with its policies
export const GET = routeOf(workspaces.getCurrentWorkspace);

// PATCH /v1/workspaces/current — rename the workspace or change its domain policies
export const PATCH = routeOf(workspaces.updateCurrentWorkspace);

// DELETE /v1/workspaces/current — schedule the workspace's deletion after the grace window
export const DELETE = routeOf(workspaces.deleteCurrentWorkspace);
