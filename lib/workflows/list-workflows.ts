import { type TenantRef } from "@/lib/core/scope";
import { toPage } from "@/lib/core/pagination";
import { runTenantStatement, type TenantSql, type TenantStatement } from "@/lib/access/tenant-statement";
import type { ListWorkflowsQuery, WorkflowSummaryDto } from "@/lib/schemas/workflows";

// The most called list of the API, so one named statement on the raw pool (each connection
// plans it once) that returns the summaries ready to send: timestamps are formatted by
// PostgreSQL as toISOString() would (the columns are `timestamp without time zone` holding
// UTC), drafts are never read. Tenancy is in the WHERE; `id < cursor` needs no row lookup, so a
// foreign cursor reveals nothing. The API runs it inside its access statement (one round trip:
// lib/access/tenant-statement.ts), so the page comes back as one JSON array, in order.
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const listSql = (t: TenantSql, n: number) => `
SELECT COALESCE(json_agg(w ORDER BY w.id DESC), '[]'::json) AS result FROM (
  SELECT id, slug, name, description, "draftRevision", "latestVersion", "createdById",
         to_char("createdAt", ${ISO}) AS "createdAt", to_char("updatedAt", ${ISO}) AS "updatedAt"
  FROM "Workflow"
  WHERE "workspaceId" = ${t.workspaceId} AND "projectId" = ${t.projectId}
    AND ($${n}::text IS NULL OR name ILIKE $${n}::text OR slug LIKE $${n + 1}::text)
    AND ($${n + 2}::text IS NULL OR id < $${n + 2}::text)
  ORDER BY id DESC
  LIMIT $${n + 3}::int
) w`;

/** `q` as a LIKE pattern matching it anywhere, its wildcards taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type Page = { data: WorkflowSummaryDto[]; nextCursor: string | null };

/** The page as a statement of one tenant: newest first; `q` matches the name (any case) or the slug. Drafts are not loaded. */
export function listWorkflowsStatement(q: ListWorkflowsQuery): TenantStatement<Page> {
  return {
    name: "ar_list_workflows_v2",
    sql: listSql,
    values: [q.q ? containing(q.q) : null, q.q ? containing(q.q.toLowerCase()) : null, q.cursor ?? null, q.limit + 1],
    read: (result) => toPage((result ?? []) as WorkflowSummaryDto[], q),
  };
}

/** The project's workflows, newest first, for a scope already resolved. */
export async function listWorkflows(scope: TenantRef, q: ListWorkflowsQuery): Promise<Page> {
  return runTenantStatement(listWorkflowsStatement(q), scope);
}
