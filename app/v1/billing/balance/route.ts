import { routeOf } from "@/lib/operations/route";
import { billing } from "@/lib/operations/billing";

// GET /v1/billing/balance — the workspace's credit balance, held and available (usd_micros)
export const GET = routeOf(billing.getCreditBalance);
