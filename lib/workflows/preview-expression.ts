import "server-only";
import { notFound } from "@/lib/core/errors";
import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { PreviewExpressionBody, PreviewExpressionDto } from "@/lib/schemas/expression-preview";
import { evaluateExpression, renderTemplate } from "./evaluate-expression";
import { ExpressionError, type ExpressionScope } from "./expressions";
import { getWorkflowOrThrow } from "./get-workflow";

// The editor's preview runs the engine's own evaluator (a child process with the engine's hard
// deadline and heap), so what the preview shows is what a run computes, and a tenant's
// expression cannot stall the web process.

/** The scope a run's steps saw at its end: its input and every succeeded step's output. */
async function scopeOfRun(scope: TenantRef, workflowId: string, runId: string): Promise<ExpressionScope> {
  const run = await db.run.findFirst({ where: { id: runId, workflowId, ...tenantWhere(scope) }, select: { id: true, input: true } });
  if (!run) throw notFound("Run");
  const steps = await db.runStep.findMany({
    where: { runId: run.id, workspaceId: scope.workspace.id, status: { in: ["succeeded", "reused"] } },
    select: { nodeId: true, output: true },
    orderBy: { seq: "asc" },
  });
  return { input: run.input ?? {}, steps: Object.fromEntries(steps.map((s) => [s.nodeId, { output: s.output ?? null }])) };
}

export async function previewExpression(scope: TenantRef, idOrSlug: string, body: PreviewExpressionBody): Promise<PreviewExpressionDto> {
  const workflow = await getWorkflowOrThrow(scope, idOrSlug);
  const source = body.runId ? "run" : "input";
  const data = body.runId ? await scopeOfRun(scope, workflow.id, body.runId) : { input: body.input ?? {}, steps: {} };
  try {
    const value = body.mode === "template" ? await renderTemplate(body.expression, data) : await evaluateExpression(body.expression, data);
    return { ok: true, value, error: null, source };
  } catch (err) {
    // Only the expression's own failures are shown; anything else (the evaluator could not start) is a 500.
    if (err instanceof ExpressionError) return { ok: false, value: null, error: err.message, source };
    throw err;
  }
}
