import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { planRetry } from "./backoff";
import { retryPolicy, webhookConfig } from "./config";
import { disabledReasonFor, disableFailingEndpoint, notifyEndpointDisabled } from "./disable-endpoint";
import { sendAttempt, type AttemptOutcome, type DeliveryPayload } from "./send-attempt";
import { signingSecrets } from "./signing-secrets";

// One automatic attempt, as the queue worker runs it. Claiming bumps `attempts` from n−1 to n
// with a conditional update, so a duplicate or stale job for the same attempt finds nothing
// to do, and pushes nextAttemptAt past the attempt's deadline (a lease): if this worker dies
// mid-attempt, the sweeper hands the delivery out again once the lease runs out.

type AttemptDeps = { now?: () => Date; random?: () => number; timeoutMs?: number };
type AttemptResult = "skipped" | "succeeded" | "retry_scheduled" | "failed";

const LEASE_SLACK_MS = 60_000;

export function leaseUntil(now: Date, timeoutMs = webhookConfig.timeoutMs()): Date {
  return new Date(now.getTime() + timeoutMs + LEASE_SLACK_MS);
}

function lastFields(o: AttemptOutcome) {
  return { lastStatusCode: o.statusCode, lastLatencyMs: o.latencyMs, lastError: o.error };
}

export async function attemptDelivery(deliveryId: string, attempt: number, deps: AttemptDeps = {}): Promise<AttemptResult> {
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "pending", attempts: attempt - 1, endpoint: { enabled: true } },
    data: { attempts: attempt, nextAttemptAt: leaseUntil(startedAt, deps.timeoutMs) },
  });
  if (count === 0) return "skipped";
  const delivery = await db.webhookDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: { createdAt: true, payload: true, endpoint: { select: { id: true, workspaceId: true, projectId: true, url: true } } },
  });
  const endpoint = delivery.endpoint;
  const secrets = await signingSecrets(endpoint, startedAt);
  const outcome = await sendAttempt({ url: endpoint.url, secrets }, delivery.payload as DeliveryPayload, { timeoutMs: deps.timeoutMs, now: startedAt });
  const finishedAt = clock();
  const plan = outcome.ok ? null : planRetry({ attempt, createdAt: delivery.createdAt, now: finishedAt, policy: retryPolicy(), random: deps.random });

  const health: { disabledSince?: Date } = {};
  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { id: newId("webhookAttempt"), deliveryId, attempt, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error, manual: false, createdAt: finishedAt },
    });
    // A manual redelivery that succeeded meanwhile has settled the delivery: leave it.
    const guard = { id: deliveryId, attempts: attempt, status: "pending" };
    if (outcome.ok) {
      await tx.webhookDelivery.updateMany({ where: guard, data: { status: "succeeded", deliveredAt: finishedAt, nextAttemptAt: null, ...lastFields(outcome) } });
      await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } });
      return;
    }
    await tx.webhookDelivery.updateMany({
      where: guard,
      data: plan?.retry ? { nextAttemptAt: plan.at, ...lastFields(outcome) } : { status: "failed", nextAttemptAt: null, ...lastFields(outcome) },
    });
    await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: startedAt } });
    const row = await tx.webhookEndpoint.findUnique({ where: { id: endpoint.id }, select: { enabled: true, failingSince: true } });
    if (row?.enabled && row.failingSince && finishedAt.getTime() - row.failingSince.getTime() >= webhookConfig.disableAfterMs()) {
      if (await disableFailingEndpoint(tx, endpoint, row.failingSince)) health.disabledSince = row.failingSince;
    }
  });
  if (health.disabledSince) await notifyEndpointDisabled(endpoint, disabledReasonFor(health.disabledSince));
  if (outcome.ok) return "succeeded";
  return plan?.retry ? "retry_scheduled" : "failed";
}
