import { chargeFor } from "@/lib/billing/pricing";
import { CallError } from "@/lib/calls/call-error";
import { callConnection } from "@/lib/calls/call-connection";
import { connectionUrl } from "@/lib/calls/connection-url";
import { httpCallEstimate } from "@/lib/metering/estimate";
import { evaluateExpression, renderTemplate } from "@/lib/workflows/evaluate-expression";
import { ExpressionError } from "@/lib/workflows/expressions";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { StepError } from "../step-error";
import type { ExecContext, PreparedCall } from "./types";

// An HTTP step: a call to a project connection's API through lib/calls (credential injection,
// egress policy, redaction). What is the engine's: rendering the node's config, the attempt's
// idempotency key, turning a failed call or a non-2xx answer into a StepError (retryable or
// not), and the usage it records.

async function renderOrFail<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError("expression_error", err.message, false);
    throw err;
  }
}

/** A CallError becomes the step's error with the same code, message and retryability. */
async function asStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CallError) throw new StepError(err.code, err.message, err.retryable);
    throw err;
  }
}

export async function prepareHttp(node: NodeOf<"http">, ctx: ExecContext): Promise<PreparedCall> {
  const c = node.config;
  const scope = { workspaceId: ctx.run.workspaceId, projectId: ctx.run.projectId };
  const path = await renderOrFail(() => renderTemplate(c.path, ctx.scope));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.headers)) headers[name] = await renderOrFail(() => renderTemplate(value, ctx.scope));
  const hasBody = c.method !== "GET" && c.body !== undefined;
  const body = hasBody ? await renderOrFail(() => evaluateExpression(c.body!, ctx.scope)) : undefined;
  // Resolved now (without using the secret) so a bad connection fails before any attempt.
  const url = await asStep(() => connectionUrl(scope, c.connectionId, path));

  return {
    input: { connectionId: c.connectionId, method: c.method, url, headers, ...(hasBody ? { body } : {}) },
    estimate: httpCallEstimate(),
    async call(attempt, signal) {
      const res = await asStep(() =>
        callConnection({
          scope,
          connectionId: c.connectionId,
          url,
          method: c.method,
          headers,
          ...(hasBody ? { body: { json: body } } : {}),
          idempotencyKey: `${ctx.run.id}:${node.id}:${attempt}`,
          signal,
        }),
      );
      const usage = [{ kind: "http" as const, charge: chargeFor({ kind: "http" }) }];
      if (res.status >= 200 && res.status < 300) {
        return { output: { status: res.status, headers: res.headers, body: res.body, ...(res.truncated ? { truncated: true } : {}) }, usage };
      }
      // 5xx and 429 may succeed later; any other status will not.
      const retryable = res.status >= 500 || res.status === 429;
      throw new StepError("http_error", `The upstream answered ${res.status}`, retryable, { status: res.status, body: typeof res.body === "string" ? res.body.slice(0, 2048) : res.body });
    },
  };
}
