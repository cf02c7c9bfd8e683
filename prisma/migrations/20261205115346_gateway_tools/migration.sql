-- CreateEnum
CREATE TYPE "ToolCredentialKind" AS ENUM ('none', 'api_key', 'oauth2', 'sigv4');

-- CreateEnum
CREATE TYPE "ToolCredentialPlacement" AS ENUM ('header', 'query', 'bearer');

-- CreateEnum
CREATE TYPE "ToolPolicyEffect" AS ENUM ('allow', 'approval_required', 'deny');

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "agentId" TEXT,
ADD COLUMN     "callBodyHash" TEXT,
ADD COLUMN     "callEndUserId" TEXT,
ADD COLUMN     "callHash" TEXT,
ADD COLUMN     "callMethod" TEXT,
ADD COLUMN     "callPath" TEXT,
ADD COLUMN     "gatewayToolId" TEXT,
ADD COLUMN     "grantExpiresAt" TIMESTAMP(3),
ADD COLUMN     "grantUsed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "grantUses" INTEGER;

-- CreateTable
CREATE TABLE "Tool" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "baseUrl" TEXT NOT NULL,
    "capabilities" JSONB NOT NULL DEFAULT '[]',
    "credentialKind" "ToolCredentialKind" NOT NULL DEFAULT 'none',
    "connectionId" TEXT,
    "credentialPlacement" "ToolCredentialPlacement" NOT NULL DEFAULT 'bearer',
    "credentialName" TEXT,
    "sigv4Service" TEXT,
    "sigv4Region" TEXT,
    "callsPerMinute" INTEGER,
    "recordBodies" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ToolPolicy" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "toolId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "method" TEXT,
    "pathPattern" TEXT,
    "endUserId" TEXT,
    "effect" "ToolPolicyEffect" NOT NULL,
    "callsPerMinute" INTEGER,
    "endUserCallsPerMinute" INTEGER,
    "description" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ToolPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Tool_workspaceId_projectId_idx" ON "Tool"("workspaceId", "projectId");

-- CreateIndex
CREATE INDEX "Tool_connectionId_idx" ON "Tool"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "Tool_projectId_name_key" ON "Tool"("projectId", "name");

-- CreateIndex
CREATE INDEX "ToolPolicy_toolId_agentId_idx" ON "ToolPolicy"("toolId", "agentId");

-- CreateIndex
CREATE INDEX "ToolPolicy_agentId_idx" ON "ToolPolicy"("agentId");

-- CreateIndex
CREATE INDEX "ToolPolicy_workspaceId_projectId_idx" ON "ToolPolicy"("workspaceId", "projectId");

-- CreateIndex
CREATE INDEX "Approval_callHash_idx" ON "Approval"("callHash");

-- AddForeignKey
ALTER TABLE "Tool" ADD CONSTRAINT "Tool_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tool" ADD CONSTRAINT "Tool_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tool" ADD CONSTRAINT "Tool_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ToolPolicy" ADD CONSTRAINT "ToolPolicy_toolId_fkey" FOREIGN KEY ("toolId") REFERENCES "Tool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ToolPolicy" ADD CONSTRAINT "ToolPolicy_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
