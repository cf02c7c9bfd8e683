import { randomBytes } from "node:crypto";
import { POST as createRoute } from "@/app/v1/workflows/[id]/inbound/route";
import { POST as ingressRoute } from "@/app/v1/inbound/[subscriptionId]/route";
import { signInbound } from "@/lib/webhooks/inbound-signature";
import { call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

export type Created = { id: string; url: string; signingSecret: string; token: string; tokenId: string; workflowId: string; [k: string]: unknown };

/** Creates a subscription through the API as the tenant's admin. */
export async function createSubscription(t: Tenant, workflowId: string, body: unknown = { name: "sender" }, headers = inProject(t.admin, t.slug)) {
  return call(createRoute, `/v1/workflows/${workflowId}/inbound`, { method: "POST", headers, params: { id: workflowId }, body });
}

/** A tenant with credits, a published hello workflow (input requires `name`) and one subscription. */
export async function inboundWorld() {
  const t = await tenant({ credits: true, workflow: true });
  const res = await createSubscription(t, t.workflow.id);
  if (res.status !== 201) throw new Error(`create subscription: ${res.status} ${res.text}`);
  return { t, workflow: t.workflow, sub: res.json as Created };
}

type DeliveryOptions = {
  token?: string | null;
  secret?: string;
  /** Overrides the computed signature header; null omits it. */
  signature?: string | null;
  idempotencyKey?: string;
  headers?: Record<string, string>;
};

/** POSTs raw `body` to the subscription's ingress, signed with its secret unless told otherwise. */
export async function deliver(sub: Pick<Created, "id" | "signingSecret" | "token">, body: string, opts: DeliveryOptions = {}) {
  const token = opts.token === undefined ? sub.token : opts.token;
  const signature = opts.signature === undefined ? signInbound(opts.secret ?? sub.signingSecret, body) : opts.signature;
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (signature !== null) headers["x-agentruntime-signature"] = signature;
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  return call(ingressRoute, `/v1/inbound/${sub.id}`, { method: "POST", headers, params: { subscriptionId: sub.id }, body });
}

export const uniqueKey = () => `dlv_${randomBytes(8).toString("hex")}`;

/** The run an accepted delivery becomes once a worker has admitted it (the 202 names it first). */
export async function admittedRun(runId: string, timeoutMs = 20_000) {
  const { db } = await import("@/lib/db/client");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.run.findUnique({ where: { id: runId } });
    if (run) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} was not admitted within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
