-- CreateEnum
CREATE TYPE "ConnectionType" AS ENUM ('api_key', 'oauth2', 'database', 'whatsapp');

-- CreateEnum
CREATE TYPE "ConnectionEnvironment" AS ENUM ('sandbox', 'production');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('pending', 'active', 'needs_reconnect', 'error');

-- CreateEnum
CREATE TYPE "LlmVendor" AS ENUM ('openai', 'anthropic', 'google', 'openai_compatible');

-- CreateTable
CREATE TABLE "WorkspaceKey" (
    "workspaceId" TEXT NOT NULL,
    "wrappedKey" BYTEA NOT NULL,
    "masterKeyVersion" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rewrappedAt" TIMESTAMP(3),

    CONSTRAINT "WorkspaceKey_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "ConnectionType" NOT NULL,
    "provider" TEXT NOT NULL,
    "environment" "ConnectionEnvironment" NOT NULL DEFAULT 'production',
    "status" "ConnectionStatus" NOT NULL DEFAULT 'pending',
    "statusReason" TEXT,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret" BYTEA,
    "secretVersion" INTEGER NOT NULL DEFAULT 0,
    "secretHint" TEXT,
    "scopes" TEXT[],
    "accessTokenExpiresAt" TIMESTAMP(3),
    "lastValidatedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "id" TEXT NOT NULL,
    "stateHash" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "connectionId" TEXT,
    "provider" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "redirectTo" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LlmProvider" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "vendor" "LlmVendor" NOT NULL,
    "baseUrl" TEXT,
    "apiKey" BYTEA NOT NULL,
    "keyHint" TEXT,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'pending',
    "statusReason" TEXT,
    "models" TEXT[],
    "lastValidatedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LlmProvider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelSetting" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "providerId" TEXT,
    "model" TEXT NOT NULL,
    "temperature" DOUBLE PRECISION,
    "maxTokens" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelSetting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Connection_workspaceId_projectId_idx" ON "Connection"("workspaceId", "projectId");

-- CreateIndex
CREATE UNIQUE INDEX "Connection_projectId_name_key" ON "Connection"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthState_stateHash_key" ON "OAuthState"("stateHash");

-- CreateIndex
CREATE INDEX "OAuthState_workspaceId_idx" ON "OAuthState"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "LlmProvider_workspaceId_name_key" ON "LlmProvider"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "ModelSetting_workspaceId_idx" ON "ModelSetting"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelSetting_projectId_role_key" ON "ModelSetting"("projectId", "role");

-- AddForeignKey
ALTER TABLE "WorkspaceKey" ADD CONSTRAINT "WorkspaceKey_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmProvider" ADD CONSTRAINT "LlmProvider_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelSetting" ADD CONSTRAINT "ModelSetting_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelSetting" ADD CONSTRAINT "ModelSetting_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "LlmProvider"("id") ON DELETE SET NULL ON UPDATE CASCADE;
