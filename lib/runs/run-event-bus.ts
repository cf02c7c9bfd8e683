import "server-only";
import { logger } from "@/lib/core/logger";
import { redisConfigured, redisReady, sharedRedis } from "@/lib/redis/client";
import type { RunEventNotice } from "./events";

// How run event notices travel between instances: PostgreSQL NOTIFY (sent by the writing
// statement, delivered at commit) by default; with REDIS_URL, Redis pub/sub instead — the writer
// publishes after its transaction commits (lib/db/after-commit.ts) and no NOTIFY is sent, so the
// web instances that stream events need no LISTEN connection (a transaction-pooling proxy, as in
// front of serverless functions, cannot LISTEN).
//
// A notice only says "look again": a lost one (a crash between commit and publish, Redis down)
// costs latency, never an event — streams catch up from the RunEvent table on their heartbeat and
// after a subscriber reconnects.

export const REDIS_RUN_EVENTS_CHANNEL = "agentruntime:run_events";

/** Whether notices go through Redis (REDIS_URL set) rather than NOTIFY. */
export const runEventsViaRedis = (): boolean => redisConfigured();

const inFlight = new Set<Promise<void>>();

/** Publishes committed events' notices to Redis, in order, as one pipeline; failures are logged, not thrown. */
export function publishRunEventNotices(notices: RunEventNotice[]): void {
  if (notices.length === 0) return;
  const done = publish(notices).catch((err: unknown) => logger.warn("run event notices not published (streams catch up from the database)", { err, count: notices.length }));
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
}

async function publish(notices: RunEventNotice[]): Promise<void> {
  const redis = sharedRedis();
  // A fresh instance's first publish (or one during a reconnect) waits for the connection.
  await redisReady();
  const pipeline = redis.pipeline();
  for (const n of notices) pipeline.publish(REDIS_RUN_EVENTS_CHANNEL, JSON.stringify(n));
  const failed = (await pipeline.exec())?.find(([err]) => err)?.[0];
  if (failed) throw failed;
}

/** Resolves once every publish started so far has ended (before a one-off process exits). */
export async function flushRunEventNotices(): Promise<void> {
  await Promise.all([...inFlight]);
}
