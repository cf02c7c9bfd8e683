-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "agentId" TEXT,
ADD COLUMN     "endUserId" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'workflow',
ADD COLUMN     "lastStepSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reserved" BIGINT NOT NULL DEFAULT 0,
ALTER COLUMN "workflowId" DROP NOT NULL,
ALTER COLUMN "graph" SET DEFAULT '{}';

-- AlterTable
ALTER TABLE "UsageRecord" ALTER COLUMN "workflowId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "endpointUrl" TEXT NOT NULL,
    "systemPrompt" TEXT NOT NULL DEFAULT '',
    "models" JSONB NOT NULL DEFAULT '[]',
    "requiredTools" TEXT[],
    "jwksUrl" TEXT,
    "issuer" TEXT,
    "audiences" TEXT[],
    "algorithms" TEXT[],
    "userClaim" TEXT NOT NULL DEFAULT 'sub',
    "allowedOrigins" TEXT[],
    "runBudget" BIGINT,
    "tokensPerMinute" INTEGER,
    "endUserTokensPerMinute" INTEGER,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentToken" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "createdById" TEXT,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Agent_workspaceId_projectId_idx" ON "Agent"("workspaceId", "projectId");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_projectId_slug_key" ON "Agent"("projectId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "AgentToken_tokenHash_key" ON "AgentToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AgentToken_agentId_idx" ON "AgentToken"("agentId");

-- CreateIndex
CREATE INDEX "Run_agentId_createdAt_idx" ON "Run"("agentId", "createdAt");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentToken" ADD CONSTRAINT "AgentToken_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
