import { routeOf } from "@/lib/operations/route";
import { listAuditEntries } from "@/lib/operations/audit";

// GET /v1/audit — the workspace's audit log, newest first, filtered and paginated
export const GET = routeOf(listAuditEntries);
