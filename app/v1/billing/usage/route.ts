import { routeOf } from "@/lib/operations/route";
import { getUsageReport } from "@/lib/operations/billing";

// GET /v1/billing/usage — usage and charges grouped by project, workflow, model or day
export const GET = routeOf(getUsageReport);
