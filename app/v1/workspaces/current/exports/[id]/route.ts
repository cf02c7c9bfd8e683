import { routeOf } from "@/lib/operations/route";
import { dataExports } from "@/lib/operations/exports";

// GET /v1/workspaces/current/exports/{id} — an export's status, progress and download link
export const GET = routeOf(dataExports.getWorkspaceExport);
