import { routeOf } from "@/lib/operations/route";
import { workspaces } from "@/lib/operations/workspaces";

// POST /v1/workspaces/current/deletion/cancel — cancel the pending deletion
export const POST = routeOf(workspaces.cancelWorkspaceDeletion);
