-- AlterTable
ALTER TABLE "RunStep" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateIndex
CREATE INDEX "RunStep_runId_seq_idx" ON "RunStep"("runId", "seq");
