import { routeOf } from "@/lib/operations/route";
import { billing } from "@/lib/operations/billing";

// GET /v1/billing/packs — the credit packs on sale and whether Checkout is configured
export const GET = routeOf(billing.listCreditPacks);
