import { withWorkspace } from "@/lib/api/with-auth";
import { getBalance } from "@/lib/billing/credits";
import { presentBalance } from "@/lib/billing/present";

// GET /v1/billing/balance — the workspace's credit balance, held and available (usd_micros)
export const GET = withWorkspace(async (ctx) => presentBalance(await getBalance(ctx.workspace.id)), { action: "billing.read" });
