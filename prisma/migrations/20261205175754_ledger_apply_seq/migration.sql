-- The order entries were applied to the balance (see LedgerEntry.seq in schema.prisma). Existing
-- rows are numbered in the order the table is scanned, which is their insertion order unless
-- the table was rewritten; the append-only trigger (UPDATE refused) leaves no way to renumber.
-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_seq_key" ON "LedgerEntry"("seq");

-- CreateIndex
CREATE INDEX "LedgerEntry_workspaceId_runId_idx" ON "LedgerEntry"("workspaceId", "runId");
