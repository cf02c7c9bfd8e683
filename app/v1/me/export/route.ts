import { routeOf } from "@/lib/operations/route";
import { dataExports } from "@/lib/operations/exports";

// POST /v1/me/export — start an export of your own account data
export const POST = routeOf(dataExports.startAccountExport);
