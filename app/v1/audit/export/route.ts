import { routeOf } from "@/lib/operations/route";
import { audit } from "@/lib/operations/audit";

// GET /v1/audit/export — the filtered audit log as a JSON Lines download (streamed)
export const GET = routeOf(audit.exportAuditEntries);
