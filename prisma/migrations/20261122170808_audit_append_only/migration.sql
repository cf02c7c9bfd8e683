-- AuditLog is append-only: rows can be inserted and read, never changed or removed, whatever
-- code path issues the statement (only the table owner or a superuser can lift this, by
-- disabling the trigger). Hand-written: Prisma does not model triggers and `migrate diff`
-- ignores them, so this never shows up as drift in `npm run db:check`.
--
-- Statement-level, so even an UPDATE/DELETE matching no row fails, and TRUNCATE (which skips
-- row triggers) is covered too. To wipe a test database, drop/recreate it (`prisma migrate
-- reset`), or as the table owner: ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only".

CREATE FUNCTION "audit_log_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only';
END;
$$;

CREATE TRIGGER "AuditLog_append_only"
BEFORE UPDATE OR DELETE OR TRUNCATE ON "AuditLog"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
