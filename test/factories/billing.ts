import { db } from "@/lib/db/client";
import { appendLedgerEntry } from "@/lib/billing/credits";
import { newId } from "@/lib/ids";

/** Credits a workspace (a `grant` ledger entry), so tests can start billable runs. Default: $10. */
export async function grantTestCredits(workspaceId: string, amount: bigint = 10_000_000n) {
  return db.$transaction((tx) =>
    appendLedgerEntry(tx, { workspaceId, kind: "grant", amount, sourceType: "admin", sourceId: newId("ledger"), description: "test grant" }),
  );
}
