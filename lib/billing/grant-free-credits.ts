import type { Tx } from "@/lib/db/client";
import { appendLedgerEntry } from "./credits";
import { pricing } from "./pricing";

/**
 * Credits a new workspace with BILLING_FREE_GRANT (skipped when 0), in the transaction that
 * creates it. Keyed by the workspace id, so calling it again grants nothing.
 */
export async function grantFreeCredits(tx: Tx, workspaceId: string) {
  const amount = pricing().freeGrant;
  if (amount <= 0n) return null;
  return appendLedgerEntry(tx, { workspaceId, kind: "grant", amount, sourceType: "system", sourceId: workspaceId, description: "Free credits for a new workspace" });
}
