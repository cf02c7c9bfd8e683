import { routeOf } from "@/lib/operations/route";
import { workspaces } from "@/lib/operations/workspaces";

// GET /v1/workspaces/current/deletion — the pending deletion (404 when none)
export const GET = routeOf(workspaces.getWorkspaceDeletion);
