import { routeOf } from "@/lib/operations/route";
import { dataExports } from "@/lib/operations/exports";

// POST /v1/workspaces/current/export — start an export of everything the workspace owns (secrets excepted)
export const POST = routeOf(dataExports.startWorkspaceExport);
