import { createHash } from "node:crypto";
import { ApiError, workspacePendingDeletion } from "@/lib/core/errors";
import { idempotencyKeyOf, withIdempotency } from "@/lib/idempotency/with-idempotency";
import { consume, limit } from "@/lib/rate-limit/limiter";
import { checkRunInput } from "@/lib/runs/start-run";
import type { InboundDeliveryReason } from "@/lib/schemas/inbound";
import { acceptDelivery } from "./accept-delivery";
import { authenticateDelivery, deliveryTokenHash } from "./authenticate-delivery";
import { deliveryTarget, loadDelivery } from "./delivery-target";
import { knownDelivery, rememberDelivery, tryFastDelivery } from "./fast-delivery";
import { parseDeliveryJson } from "./parse-delivery";
import { recordDelivery } from "./record-delivery";

/** One answer for every credential failure, so a prober learns nothing about which part was wrong. */
const invalidCredentials = () => new ApiError("unauthorized", "Invalid credentials or signature");

/**
 * Per subscription (AR_RL_INBOUND_POINTS / _SECONDS), counted in this process (Redis with
 * REDIS_URL) like the API's limits: a PostgreSQL counter would cost every delivery a round trip.
 */
const inboundLimit = () => limit("inbound", 120, 60, { perProcess: true });

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

type Delivery = { headers: Headers; readBody: () => Promise<Uint8Array> };
type Received = { status: number; body: unknown; replayed: boolean };

/**
 * The public ingress: finds the subscription, rate-limits it, reads at most 1 MiB of raw bytes,
 * checks token and signature on those bytes, parses them and checks them against the latest
 * version's input schema, then records the delivery and queues its run (one per
 * Idempotency-Key) in one transaction — nothing more on the request path: the run is created by
 * a worker (admit-delivery.ts), waiting for credits rather than refusing while the balance is
 * positive; an empty balance is a 402 at once. Every outcome except a 429 is written to the
 * subscription's delivery log. Returns the 202 body `{ runId }` (`replayed`: a duplicate got the
 * first delivery's answer); failures are thrown as ApiErrors (credential failures all alike).
 * A subscription this process saw accept a delivery with the same token takes the fast path
 * first (fast-delivery.ts: one statement); whatever it does not accept goes the usual way.
 */
export async function receiveDelivery(subscriptionId: string, delivery: Delivery, headers: Record<string, string>): Promise<Received> {
  const tokenHash = deliveryTokenHash(delivery.headers);
  const entry = knownDelivery(subscriptionId, tokenHash);
  if (!entry) return receiveLoaded(subscriptionId, tokenHash, delivery, headers, null);
  const rateHeaders = await consume(inboundLimit(), `ibs:${entry.sub.id}`);
  let body: Uint8Array;
  try {
    body = await delivery.readBody();
  } catch (err) {
    return receiveLoaded(subscriptionId, tokenHash, { headers: delivery.headers, readBody: () => Promise.reject(err) }, headers, rateHeaders);
  }
  let accepted;
  try {
    accepted = await tryFastDelivery(entry, delivery.headers, body);
  } catch (err) {
    // The acknowledging statement failed: logged like a failure on the usual path.
    await recordDelivery(entry.sub, { status: err instanceof ApiError ? err.status : 500, reason: "error" });
    throw err;
  }
  if (accepted) {
    Object.assign(headers, rateHeaders);
    return { status: 202, body: accepted, replayed: false };
  }
  return receiveLoaded(subscriptionId, tokenHash, { headers: delivery.headers, readBody: async () => body }, headers, rateHeaders);
}

/** The usual way: everything read afresh (`rateHeaders`: the delivery was already counted). */
async function receiveLoaded(subscriptionId: string, tokenHash: string | null, delivery: Delivery, headers: Record<string, string>, counted: Record<string, string> | null): Promise<Received> {
  // The subscription and the presented token's rows, one statement: the token is judged only after the checks below.
  const loaded = await loadDelivery(subscriptionId, tokenHash);
  if (!loaded) throw invalidCredentials();
  const { sub, access } = loaded;
  // Before any work or log write, so a flood against a known URL costs one counter update.
  // The X-RateLimit-* headers go out only past authentication: on a 401 they would tell an
  // existing subscription from an unknown one.
  const rateHeaders = counted ?? (await consume(inboundLimit(), `ibs:${sub.id}`));

  let stage: Stage = "body";
  let idempotencyKey: string | null = null;
  try {
    const body = await delivery.readBody();
    stage = "auth";
    if (!sub.enabled) throw new Rejection("disabled", invalidCredentials());
    const auth = await authenticateDelivery(sub, access, delivery.headers, body);
    if (!auth.ok) throw new Rejection(auth.reason, invalidCredentials());
    Object.assign(headers, rateHeaders);
    stage = "key";
    idempotencyKey = idempotencyKeyOf(delivery.headers.get("idempotency-key"));
    stage = "json";
    const input = parseDeliveryJson(body);
    stage = "run";
    // Checked again, under a lock, when the run is created (lib/runs/insert-queued-run.ts).
    if (sub.pendingDeletion) throw workspacePendingDeletion();
    const target = await deliveryTarget(sub);
    checkRunInput(target.inputSchema, input);
    if (!sub.hasCredits) throw new ApiError("insufficient_credits", "The workspace has no credits left: buy credits to start runs");
    const outcome = await withIdempotency(
      { workspaceId: sub.workspaceId, scope: `inbound:${sub.id}`, key: idempotencyKey, requestHash: idempotencyKey ? createHash("sha256").update(body).digest("hex") : "" },
      async (settleIn) => {
        const accepted = await acceptDelivery(
          sub,
          { versionNumber: target.versionNumber, input, startedById: auth.principal.userId, startedByTokenId: auth.principal.tokenId, idempotencyKey },
          // Without a key there is no stored answer to commit with it: the acknowledgement is one statement.
          idempotencyKey ? (tx, a) => settleIn(tx, { status: 202, body: { runId: a.runId } }) : undefined,
        );
        return { status: 202, body: { runId: accepted.runId } };
      },
    );
    // The accepted delivery's log line was written with its job; a replay gets its own.
    if (!outcome.replayed && tokenHash !== null) rememberDelivery({ ...loaded, tokenHash, secret: auth.secret });
    if (outcome.replayed) {
      const runId = (outcome.body as { runId?: string } | null)?.runId ?? null;
      await recordDelivery(sub, { status: outcome.status, reason: "duplicate", runId, idempotencyKey });
    }
    return { status: outcome.status, body: outcome.body, replayed: outcome.replayed };
  } catch (err) {
    const rejection = err instanceof Rejection ? err : null;
    const error = rejection?.error ?? err;
    const status = error instanceof ApiError ? error.status : 500;
    await recordDelivery(sub, { status, reason: rejection?.reason ?? reasonFor(stage, error), idempotencyKey });
    throw error;
  }
}
