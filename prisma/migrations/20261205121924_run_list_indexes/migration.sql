-- DropIndex
DROP INDEX "Run_workflowId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Run_projectId_id_idx" ON "Run"("projectId", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_status_id_idx" ON "Run"("projectId", "status", "id");

-- CreateIndex
CREATE INDEX "Run_workflowId_id_idx" ON "Run"("workflowId", "id");
