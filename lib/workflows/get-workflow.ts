import { db, type Tx } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { Workflow, WorkflowVersion } from "@/lib/generated/prisma/client";
import { tenantWhere, type TenantRef } from "@/lib/core/scope";

/**
 * A workflow of the project, addressed by its wf_ id or its slug. Another project's or
 * tenant's workflow is simply not found (the tenancy is in the query).
 */
export async function getWorkflowOrThrow(scope: TenantRef, idOrSlug: string, tx: Tx = db): Promise<Workflow> {
  const key = idOrSlug.startsWith("wf_") ? { id: idOrSlug } : { slug: idOrSlug };
  const row = await tx.workflow.findFirst({ where: { ...key, ...tenantWhere(scope) } });
  if (!row) throw notFound("Workflow");
  return row;
}

/** Version `n` (1, 2, …) of a workflow already loaded within its tenancy; anything else is 404. */
export async function getVersionOrThrow(
  workflow: Pick<Workflow, "id" | "workspaceId" | "projectId">,
  n: number | string,
  tx: Tx = db,
): Promise<WorkflowVersion> {
  const number = typeof n === "number" ? n : /^[1-9][0-9]{0,8}$/.test(n) ? Number(n) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) throw notFound("Workflow version");
  const row = await tx.workflowVersion.findFirst({
    where: { workflowId: workflow.id, number, workspaceId: workflow.workspaceId, projectId: workflow.projectId },
  });
  if (!row) throw notFound("Workflow version");
  return row;
}
