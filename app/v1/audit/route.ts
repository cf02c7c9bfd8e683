import { routeOf } from "@/lib/operations/route";
import { audit } from "@/lib/operations/audit";

// GET /v1/audit — the workspace's audit log, newest first, filtered and paginated
export const GET = routeOf(audit.listAuditEntries);
