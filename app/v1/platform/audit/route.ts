import { routeOf } from "@/lib/operations/route";
import { platform } from "@/lib/operations/platform";

// GET /v1/platform/audit — the platform audit log
export const GET = routeOf(platform.listPlatformAuditEntries);
