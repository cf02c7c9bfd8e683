import { routeOf } from "@/lib/operations/route";
import { dataExports } from "@/lib/operations/exports";

// GET /v1/me/exports/{id} — one of your account exports
export const GET = routeOf(dataExports.getAccountExport);
