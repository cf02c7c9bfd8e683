import { routeOf } from "@/lib/operations/route";
import { billing } from "@/lib/operations/billing";

// GET /v1/billing/ledger/by-run — the ledger one row per run, newest first, with the balance after each row
export const GET = routeOf(billing.listLedgerRows);
