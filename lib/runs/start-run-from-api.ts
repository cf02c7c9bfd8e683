import "server-only";
import { hashRequest, idempotencyKeyOf, withIdempotency, type IdempotencyOutcome } from "@/lib/idempotency/with-idempotency";
import type { StartRunBody } from "@/lib/schemas/runs";
import { getWorkflowOrThrow } from "@/lib/workflows/get-workflow";
import { authorizeIn } from "@/lib/access/authorize";
import type { TenantScope } from "@/lib/core/scope";
import { authorizeGraphFor } from "./authorize-graph";
import { startRun } from "./start-run";

/**
 * POST /v1/workflows/{id}/runs behind the route: a draft test run also needs workflow.write, a
 * graph with tool steps mcp.execute;
 * the Idempotency-Key header (scoped to the workspace and workflow) replays the first answer.
 */
export async function startRunFromApi(
  ctx: TenantScope,
  idOrSlug: string,
  body: StartRunBody,
  request: { idempotencyKey: string | null },
): Promise<IdempotencyOutcome> {
  if (body.draft) authorizeIn(ctx, "workflow.write", ctx.projectRole);
  const key = idempotencyKeyOf(request.idempotencyKey);
  const workflow = await getWorkflowOrThrow(ctx, idOrSlug);
  const isToken = ctx.principal.type === "token";
  return withIdempotency({ workspaceId: ctx.workspace.id, scope: `runs.create:${workflow.id}`, key, requestHash: hashRequest(body) }, async () => ({
    status: 201,
    body: await startRun({
      workspaceId: ctx.workspace.id,
      projectId: ctx.project.id,
      workflow,
      versionNumber: body.version ?? null,
      draft: body.draft === true,
      input: body.input,
      budget: body.budget ?? null,
      trigger: body.draft ? "test" : isToken ? "api" : "console",
      startedById: ctx.principal.userId,
      startedByTokenId: isToken ? (ctx.principal.tokenId ?? null) : null,
      authorizeGraph: authorizeGraphFor(ctx),
    }),
  }));
}
