import { withWorkspace } from "@/lib/api/with-auth";
import { parseQuery } from "@/lib/api/body";
import { listLedger } from "@/lib/billing/list-ledger";
import { ledgerListQuery } from "@/lib/schemas/billing";

// GET /v1/billing/ledger — the credits ledger, newest first (filters: kind, from, to, project)
export const GET = withWorkspace(async (ctx) => listLedger(ctx.workspace.id, parseQuery(ctx.req, ledgerListQuery)), { action: "billing.read" });
