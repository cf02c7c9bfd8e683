-- AlterTable
ALTER TABLE "User" ADD COLUMN     "deletionRequestedAt" TIMESTAMP(3),
ADD COLUMN     "deletionScheduledFor" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "auditRetentionDays" INTEGER DEFAULT 90,
ADD COLUMN     "deletionScheduledFor" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "WorkspaceDeletion" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "workspaceSlug" TEXT NOT NULL,
    "workspaceName" TEXT NOT NULL,
    "requestedById" TEXT,
    "ownerEmail" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "canceledAt" TIMESTAMP(3),
    "counts" JSONB NOT NULL DEFAULT '{}',
    "shreddedKeyId" TEXT,
    "completedAt" TIMESTAMP(3),
    "certificate" TEXT,

    CONSTRAINT "WorkspaceDeletion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingRetention" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "stripeReference" TEXT,
    "amountCents" INTEGER,
    "currency" TEXT,
    "amountMicros" BIGINT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "retainedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingRetention_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkspaceDeletion_workspaceId_status_idx" ON "WorkspaceDeletion"("workspaceId", "status");

-- CreateIndex
CREATE INDEX "WorkspaceDeletion_status_scheduledFor_idx" ON "WorkspaceDeletion"("status", "scheduledFor");

-- CreateIndex
CREATE INDEX "BillingRetention_workspaceId_idx" ON "BillingRetention"("workspaceId");

-- ───────────── The one privileged path through the append-only triggers ─────────────
-- Hand-written (Prisma does not model triggers). AuditLog and LedgerEntry stay append-only:
-- UPDATE and TRUNCATE are always refused, and so is any DELETE, except a DELETE issued in a
-- transaction that set `agentruntime.purge_workspace` (SET LOCAL / set_config(…, true)) to a
-- workspace id, and then only for rows the purge policy itself allows (checked per row):
--   * rows of that workspace while its WorkspaceDeletion is due (scheduled or purging, grace
--     passed): the deletion job (lib/lifecycle/purge-workspace.ts);
--   * AuditLog rows of that workspace older than its auditRetentionDays: the retention job.
-- Setting the variable grants nothing else: it cannot reach another workspace's rows, rows
-- inside the retention window, or a workspace in grace. A due WorkspaceDeletion cannot be
-- forged or backdated either: its requestedAt is the database's clock at insert, scheduledFor
-- must lie after it and can never change, and a canceled or completed deletion stays so.
-- (The table owner can always DISABLE TRIGGER; these triggers guard every code path, not the owner.)

CREATE FUNCTION "agentruntime_purge_due"(ws text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM "WorkspaceDeletion" d
    WHERE d."workspaceId" = ws AND d.status IN ('scheduled', 'purging') AND d."scheduledFor" <= (now() AT TIME ZONE 'UTC')
  )
$$;

CREATE FUNCTION "agentruntime_purge_target"() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('agentruntime.purge_workspace', true), '')
$$;

-- Statement level: UPDATE and TRUNCATE never; DELETE only on the privileged path.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND "agentruntime_purge_target"() IS NOT NULL THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'AuditLog is append-only';
END;
$$;

CREATE OR REPLACE FUNCTION "ledger_entry_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND "agentruntime_purge_target"() IS NOT NULL THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'LedgerEntry is append-only';
END;
$$;

-- Row level: each deleted row must be one the purge policy allows.
CREATE FUNCTION "audit_log_purge_row"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ws text := "agentruntime_purge_target"();
BEGIN
  IF ws IS NOT NULL AND OLD."workspaceId" = ws AND (
    "agentruntime_purge_due"(ws)
    OR EXISTS (
      SELECT 1 FROM "Workspace" w
      WHERE w.id = ws AND w."auditRetentionDays" IS NOT NULL
        AND OLD."createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(days => w."auditRetentionDays")
    )
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'AuditLog is append-only';
END;
$$;

CREATE FUNCTION "ledger_entry_purge_row"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ws text := "agentruntime_purge_target"();
BEGIN
  IF ws IS NOT NULL AND OLD."workspaceId" = ws AND "agentruntime_purge_due"(ws) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'LedgerEntry is append-only';
END;
$$;

CREATE TRIGGER "AuditLog_purge_row" BEFORE DELETE ON "AuditLog"
FOR EACH ROW EXECUTE FUNCTION "audit_log_purge_row"();

CREATE TRIGGER "LedgerEntry_purge_row" BEFORE DELETE ON "LedgerEntry"
FOR EACH ROW EXECUTE FUNCTION "ledger_entry_purge_row"();

-- WorkspaceDeletion: the clock is the database's, the schedule is immutable, the end states final,
-- and rows are never deleted (they hold the certificates).
CREATE FUNCTION "workspace_deletion_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW."requestedAt" := now() AT TIME ZONE 'UTC';
    IF NEW.status <> 'scheduled' OR NEW."scheduledFor" <= NEW."requestedAt" THEN
      RAISE EXCEPTION 'WorkspaceDeletion must start scheduled, with scheduledFor after now';
    END IF;
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW."workspaceId" <> OLD."workspaceId" OR NEW."requestedAt" <> OLD."requestedAt" OR NEW."scheduledFor" <> OLD."scheduledFor"
       OR (OLD.status IN ('canceled', 'completed') AND NEW.status <> OLD.status)
       OR (OLD.status = 'purging' AND NEW.status NOT IN ('purging', 'completed')) THEN
      RAISE EXCEPTION 'WorkspaceDeletion: schedule is immutable and end states are final';
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'WorkspaceDeletion rows are never deleted';
END;
$$;

CREATE TRIGGER "WorkspaceDeletion_guard" BEFORE INSERT OR UPDATE OR DELETE ON "WorkspaceDeletion"
FOR EACH ROW EXECUTE FUNCTION "workspace_deletion_guard"();

-- At most one pending (scheduled or purging) deletion per workspace.
CREATE UNIQUE INDEX "WorkspaceDeletion_one_pending" ON "WorkspaceDeletion"("workspaceId") WHERE status IN ('scheduled', 'purging');
