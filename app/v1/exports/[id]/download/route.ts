import { routeOf } from "@/lib/operations/route";
import { dataExports } from "@/lib/operations/exports";

// GET /v1/exports/{id}/download?token=… — download an export archive through its signed link
export const GET = routeOf(dataExports.downloadExport);
