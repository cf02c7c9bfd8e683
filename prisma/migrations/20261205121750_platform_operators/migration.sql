-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "disabledReason" TEXT;

-- CreateTable
CREATE TABLE "PlatformToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "allowedCidrs" TEXT[],
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT,
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedIp" TEXT,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlatformToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform_audit_log" (
    "id" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "requestId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlatformToken_tokenHash_key" ON "PlatformToken"("tokenHash");

-- CreateIndex
CREATE INDEX "platform_audit_log_createdAt_idx" ON "platform_audit_log"("createdAt");

-- CreateIndex
CREATE INDEX "platform_audit_log_action_idx" ON "platform_audit_log"("action");

-- platform_audit_log is append-only, like "AuditLog" (20261122170808_audit_append_only):
-- statement-level, so UPDATE/DELETE matching no row and TRUNCATE fail too. Hand-written:
-- Prisma does not model triggers.
CREATE FUNCTION "platform_audit_log_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'platform_audit_log is append-only';
END;
$$;

CREATE TRIGGER "platform_audit_log_append_only"
BEFORE UPDATE OR DELETE OR TRUNCATE ON "platform_audit_log"
FOR EACH STATEMENT EXECUTE FUNCTION "platform_audit_log_append_only"();
