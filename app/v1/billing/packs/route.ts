import { withWorkspace } from "@/lib/api/with-auth";
import { listCreditPacks } from "@/lib/billing/list-packs";

// GET /v1/billing/packs — the credit packs on sale and whether Checkout is configured
export const GET = withWorkspace(async () => listCreditPacks(), { action: "billing.read" });
