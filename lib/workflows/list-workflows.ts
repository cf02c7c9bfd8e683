import { type TenantRef } from "@/lib/core/scope";
import { pgPool } from "@/lib/db/pool";
import { toPage } from "@/lib/core/pagination";
import type { ListWorkflowsQuery, WorkflowSummaryDto } from "@/lib/schemas/workflows";

// The most called list of the API, so one named statement on the raw pool (each connection
// plans it once) that returns the summaries ready to send: timestamps are formatted by
// PostgreSQL as toISOString() would (the columns are `timestamp without time zone` holding
// UTC), drafts are never read. Tenancy is in the WHERE; `id < cursor` needs no row lookup, so a
// foreign cursor reveals nothing.
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const LIST_SQL = `
SELECT id, slug, name, description, "draftRevision", "latestVersion", "createdById",
       to_char("createdAt", ${ISO}) AS "createdAt", to_char("updatedAt", ${ISO}) AS "updatedAt"
FROM "Workflow"
WHERE "workspaceId" = $1 AND "projectId" = $2
  AND ($3::text IS NULL OR name ILIKE $3::text OR slug LIKE $4::text)
  AND ($5::text IS NULL OR id < $5::text)
ORDER BY id DESC
LIMIT $6`;

/** `q` as a LIKE pattern matching it anywhere, its wildcards taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The project's workflows, newest first; `q` matches the name (any case) or the slug. Drafts are not loaded. */
export async function listWorkflows(scope: TenantRef, q: ListWorkflowsQuery): Promise<{ data: WorkflowSummaryDto[]; nextCursor: string | null }> {
  const { rows } = await pgPool().query<WorkflowSummaryDto>({
    name: "ar_list_workflows_v1",
    text: LIST_SQL,
    values: [scope.workspace.id, scope.project.id, q.q ? containing(q.q) : null, q.q ? containing(q.q.toLowerCase()) : null, q.cursor ?? null, q.limit + 1],
  });
  return toPage(rows, q);
}
