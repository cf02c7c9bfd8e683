import { routeOf } from "@/lib/operations/route";
import { billing } from "@/lib/operations/billing";

// GET /v1/billing/usage — usage and charges grouped by project, workflow, model or day
export const GET = routeOf(billing.getUsageReport);
