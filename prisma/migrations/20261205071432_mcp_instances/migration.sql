-- CreateEnum
CREATE TYPE "McpAdapter" AS ENUM ('remote_mcp');

-- CreateEnum
CREATE TYPE "McpCredentialPlacement" AS ENUM ('bearer', 'header', 'query', 'basic');

-- CreateEnum
CREATE TYPE "McpToolPolicy" AS ENUM ('allow', 'approval_required', 'deny');

-- CreateTable
CREATE TABLE "McpInstance" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "adapter" "McpAdapter" NOT NULL,
    "connectionId" TEXT,
    "url" TEXT NOT NULL,
    "credentialPlacement" "McpCredentialPlacement" NOT NULL DEFAULT 'bearer',
    "credentialName" TEXT,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "allowTools" TEXT[],
    "denyTools" TEXT[],
    "config" JSONB NOT NULL DEFAULT '{}',
    "protocolEra" TEXT,
    "lastSyncedAt" TIMESTAMP(3),
    "lastSyncStatus" TEXT,
    "lastSyncError" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpTool" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "inputSchema" JSONB NOT NULL,
    "annotations" JSONB,
    "schemaHash" TEXT NOT NULL,
    "policy" "McpToolPolicy" NOT NULL DEFAULT 'approval_required',
    "policySetAt" TIMESTAMP(3),
    "policySetById" TEXT,
    "removedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpTool_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "McpInstance_workspaceId_projectId_idx" ON "McpInstance"("workspaceId", "projectId");

-- CreateIndex
CREATE INDEX "McpInstance_connectionId_idx" ON "McpInstance"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "McpInstance_projectId_name_key" ON "McpInstance"("projectId", "name");

-- CreateIndex
CREATE INDEX "McpTool_workspaceId_projectId_idx" ON "McpTool"("workspaceId", "projectId");

-- CreateIndex
CREATE UNIQUE INDEX "McpTool_instanceId_name_key" ON "McpTool"("instanceId", "name");

-- AddForeignKey
ALTER TABLE "McpInstance" ADD CONSTRAINT "McpInstance_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpInstance" ADD CONSTRAINT "McpInstance_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpInstance" ADD CONSTRAINT "McpInstance_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "McpTool" ADD CONSTRAINT "McpTool_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "McpInstance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
