-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "targetLabel" TEXT;

-- CreateTable
CREATE TABLE "AuditBurst" (
    "auditId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditBurst_pkey" PRIMARY KEY ("auditId")
);

-- CreateIndex
CREATE INDEX "AuditLog_workspaceId_targetId_createdAt_idx" ON "AuditLog"("workspaceId", "targetId", "createdAt");

-- AddForeignKey
ALTER TABLE "AuditBurst" ADD CONSTRAINT "AuditBurst_auditId_fkey" FOREIGN KEY ("auditId") REFERENCES "AuditLog"("id") ON DELETE CASCADE ON UPDATE CASCADE;
