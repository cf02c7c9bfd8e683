import { routeOf } from "@/lib/operations/route";
import { billing } from "@/lib/operations/billing";

// GET /v1/billing/ledger — the credits ledger, newest first (filters: kind, from, to, project)
export const GET = routeOf(billing.listLedgerEntries);
