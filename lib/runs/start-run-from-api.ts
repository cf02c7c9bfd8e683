import "server-only";
import { hashRequest, idempotencyKeyOf, withIdempotency, type IdempotencyOutcome } from "@/lib/idempotency/with-idempotency";
import type { RunDto, StartRunBody } from "@/lib/schemas/runs";
import type { Tx } from "@/lib/db/client";
import { getWorkflowOrThrow } from "@/lib/workflows/get-workflow";
import { authorizeIn } from "@/lib/access/authorize";
import { recordScopedAudit } from "@/lib/audit/record";
import type { TenantScope } from "@/lib/core/scope";
import { authorizeGraphFor } from "./authorize-graph";
import { startRun } from "./start-run";

/**
 * A run started by a caller of the API (POST /v1/workflows/{id}/runs) or of Platform MCP
 * (runs_start, `via: "mcp"`): a draft test run also needs workflow.write, a graph with tool
 * steps mcp.execute; the Idempotency-Key (scoped to the workspace and workflow, shared by both
 * surfaces) replays the first answer. An MCP start is audited with the token as actor.
 */
export async function startRunFromApi(
  ctx: TenantScope,
  idOrSlug: string,
  body: StartRunBody,
  request: { idempotencyKey: string | null; via?: "mcp" },
): Promise<IdempotencyOutcome> {
  if (body.draft) authorizeIn(ctx, "workflow.write", ctx.projectRole);
  const key = idempotencyKeyOf(request.idempotencyKey);
  const workflow = await getWorkflowOrThrow(ctx, idOrSlug);
  const isToken = ctx.principal.type === "token";
  const trigger = body.draft ? "test" : request.via === "mcp" ? "mcp" : isToken ? "api" : "console";
  return withIdempotency({ workspaceId: ctx.workspace.id, scope: `runs.create:${workflow.id}`, key, requestHash: hashRequest(body) }, async (settleIn) => {
    const run = await startRun({
      workspaceId: ctx.workspace.id,
      projectId: ctx.project.id,
      workflow,
      versionNumber: body.version ?? null,
      draft: body.draft === true,
      input: body.input,
      budget: body.budget ?? null,
      trigger,
      startedById: ctx.principal.userId,
      startedByTokenId: isToken ? (ctx.principal.tokenId ?? null) : null,
      authorizeGraph: authorizeGraphFor(ctx),
      // Without a key there is nothing to settle: the run starts in its one statement, no transaction.
      ...(key ? { onCreated: (tx: Tx, created: RunDto) => settleIn(tx, { status: 201, body: created }) } : {}),
    });
    if (request.via === "mcp") {
      await recordScopedAudit(ctx, { action: "run.started", target: { type: "run", id: run.id }, after: { status: run.status, trigger: run.trigger }, metadata: { workflowId: workflow.id, via: "mcp" } });
    }
    return { status: 201, body: run };
  });
}
