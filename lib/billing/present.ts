import type { LedgerEntry } from "@/lib/generated/prisma/client";
import type { BalanceResponse, LedgerEntryResponse } from "@/lib/schemas/billing";
import { CREDIT_UNIT } from "./credits";

// BigInt money becomes JSON numbers at the edge; amounts stay far below 2^53.

export function presentBalance(b: { balance: bigint; held: bigint }): BalanceResponse {
  return { balance: Number(b.balance), held: Number(b.held), available: Number(b.balance - b.held), unit: CREDIT_UNIT };
}

export function presentLedgerEntry(e: LedgerEntry): LedgerEntryResponse {
  return {
    id: e.id,
    createdAt: e.createdAt.toISOString(),
    kind: e.kind as LedgerEntryResponse["kind"],
    amount: Number(e.amount),
    balanceAfter: Number(e.balanceAfter),
    sourceType: e.sourceType as LedgerEntryResponse["sourceType"],
    sourceId: e.sourceId,
    projectId: e.projectId,
    workflowId: e.workflowId,
    runId: e.runId,
    model: e.model,
    description: e.description,
  };
}
