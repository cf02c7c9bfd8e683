import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { idempotencyKeyOf, withIdempotency } from "@/lib/idempotency/with-idempotency";
import { consume, limit } from "@/lib/rate-limit/limiter";
import { startRun } from "@/lib/runs/start-run";
import type { InboundDeliveryReason } from "@/lib/schemas/inbound";
import { authenticateDelivery } from "./authenticate-delivery";
import { parseDeliveryJson } from "./parse-delivery";
import { recordDelivery } from "./record-delivery";
import { subscriptionSelect } from "./present";

/** One answer for every credential failure, so a prober learns nothing about which part was wrong. */
const invalidCredentials = () => new ApiError("unauthorized", "Invalid credentials or signature");

/** Per subscription (AR_RL_INBOUND_POINTS / _SECONDS). */
const inboundLimit = () => limit("inbound", 120, 60);

type Stage = "body" | "auth" | "key" | "json" | "run";

class Rejection extends Error {
  constructor(
    readonly reason: InboundDeliveryReason,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

/** Which log reason a failure at `stage` gets. */
function reasonFor(stage: Stage, err: unknown): InboundDeliveryReason {
  if (!(err instanceof ApiError)) return "error";
  if (err.code === "payload_too_large") return "too_large";
  if (err.code === "insufficient_credits") return "insufficient_credits";
  if (stage === "key") return "invalid_idempotency_key";
  if (stage === "json") return "invalid_json";
  if (err.code === "invalid_request") return err.details?.some((d) => d.path === "Idempotency-Key") ? "idempotency_conflict" : "invalid_input";
  if (err.code === "conflict") return "duplicate";
  return "rejected";
}

/**
 * The public ingress: finds the subscription, rate-limits it, reads at most 1 MiB of raw bytes,
 * checks token and signature on those bytes, parses them, and starts one run per
 * Idempotency-Key. Every outcome except a 429 is written to the subscription's delivery log.
 * Returns the 202 body (`replayed`: a duplicate got the first delivery's answer); failures are
 * thrown as ApiErrors (credential failures all alike).
 */
export async function receiveDelivery(
  subscriptionId: string,
  delivery: { headers: Headers; readBody: () => Promise<Uint8Array> },
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  const sub = await db.inboundSubscription.findUnique({ where: { id: subscriptionId }, select: { ...subscriptionSelect, signingSecret: true } });
  if (!sub) throw invalidCredentials();
  // Before any work or log write, so a flood against a known URL costs one counter update.
  // The X-RateLimit-* headers go out only past authentication: on a 401 they would tell an
  // existing subscription from an unknown one.
  const rateHeaders = await consume(inboundLimit(), `ibs:${sub.id}`);

  let stage: Stage = "body";
  let idempotencyKey: string | null = null;
  try {
    const body = await delivery.readBody();
    stage = "auth";
    if (!sub.enabled) throw new Rejection("disabled", invalidCredentials());
    const auth = await authenticateDelivery(sub, delivery.headers, body);
    if (!auth.ok) throw new Rejection(auth.reason, invalidCredentials());
    Object.assign(headers, rateHeaders);
    stage = "key";
    idempotencyKey = idempotencyKeyOf(delivery.headers.get("idempotency-key"));
    stage = "json";
    const input = parseDeliveryJson(body);
    stage = "run";
    const outcome = await withIdempotency(
      { workspaceId: sub.workspaceId, scope: `inbound:${sub.id}`, key: idempotencyKey, requestHash: createHash("sha256").update(body).digest("hex") },
      async (settleIn) => {
        const run = await startRun({
          workspaceId: sub.workspaceId,
          projectId: sub.projectId,
          workflowId: sub.workflowId,
          input,
          trigger: "inbound",
          startedById: auth.principal.userId,
          startedByTokenId: auth.principal.tokenId,
          inboundSubscriptionId: sub.id,
          onCreated: (tx, created) => settleIn(tx, { status: 202, body: { runId: created.id } }),
        });
        return { status: 202, body: { runId: run.id } };
      },
    );
    const runId = (outcome.body as { runId?: string } | null)?.runId ?? null;
    await recordDelivery(sub, { status: outcome.status, reason: outcome.replayed ? "duplicate" : "accepted", runId, idempotencyKey });
    return { status: outcome.status, body: outcome.body, replayed: outcome.replayed };
  } catch (err) {
    const rejection = err instanceof Rejection ? err : null;
    const error = rejection?.error ?? err;
    const status = error instanceof ApiError ? error.status : 500;
    await recordDelivery(sub, { status, reason: rejection?.reason ?? reasonFor(stage, error), idempotencyKey });
    throw error;
  }
}
