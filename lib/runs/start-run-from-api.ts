import "server-only";
import { hashRequest, idempotencyKeyOf, withIdempotency, type IdempotencyOutcome } from "@/lib/idempotency/with-idempotency";
import type { StartRunBody } from "@/lib/schemas/runs";
import { getWorkflowOrThrow } from "@/lib/workflows/get-workflow";
import type { RunActorScope } from "./scope";
import { startRun } from "./start-run";

type ApiScope = RunActorScope & { req: Request; authorize: (action: "workflow.write") => Promise<void> };

/**
 * POST /v1/workflows/{id}/runs behind the route: a draft test run also needs workflow.write;
 * the Idempotency-Key header (scoped to the workspace and workflow) replays the first answer.
 */
export async function startRunFromApi(ctx: ApiScope, idOrSlug: string, body: StartRunBody): Promise<IdempotencyOutcome> {
  if (body.draft) await ctx.authorize("workflow.write");
  const key = idempotencyKeyOf(ctx.req);
  const workflow = await getWorkflowOrThrow({ workspaceId: ctx.workspace.id, projectId: ctx.project.id }, idOrSlug);
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
    }),
  }));
}
