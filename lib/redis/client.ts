import "server-only";
import { once } from "node:events";
import { Redis } from "ioredis";
import { logger } from "@/lib/core/logger";

// The process's Redis connections when REDIS_URL is set: one command connection shared by the
// rate limiter (lib/rate-limit) and the run event publisher (lib/runs/run-event-bus.ts), and a
// connection of its own for each subscriber (a subscribed connection can run no other command).

export const redisConfigured = (): boolean => Boolean(process.env.REDIS_URL);

let shared: Redis | undefined;

function url(): string {
  const value = process.env.REDIS_URL;
  if (!value) throw new Error("REDIS_URL is not set");
  return value;
}

/**
 * The shared command connection. enableOfflineQueue: false makes a command fail at once while
 * the connection is down instead of piling up in memory; callers that must wait use redisReady().
 */
export function sharedRedis(): Redis {
  if (!shared) {
    const client = new Redis(url(), { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // Without a listener ioredis prints each failed reconnect as an "Unhandled error event"; one
    // warning per outage is enough.
    let reported = false;
    client.on("error", (err: Error) => {
      if (reported) return;
      reported = true;
      logger.warn("Redis (REDIS_URL) connection error; reconnecting", { err });
    });
    client.on("ready", () => (reported = false));
    shared = client;
  }
  return shared;
}

// A fresh instance's first commands (or those during a reconnect) wait for the connection at
// most this long; then the error surfaces.
const READY_TIMEOUT_MS = 3_000;

/** Resolves once the shared connection is ready (at most READY_TIMEOUT_MS). */
export async function redisReady(): Promise<void> {
  const client = shared;
  if (!client || client.status === "ready") return;
  try {
    await once(client, "ready", { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
  } catch {
    throw new Error(`Redis (REDIS_URL) is not ready after ${READY_TIMEOUT_MS} ms (status: ${client.status})`);
  }
}

/** A new connection for SUBSCRIBE; ioredis reconnects it and subscribes again on its own. */
export function newRedisSubscriber(name: string): Redis {
  return new Redis(url(), { connectionName: name, maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(250 * 2 ** Math.min(n, 6), 10_000) });
}

/** Closes the shared connection, if one was opened (one-off scripts, which must exit when done). */
export async function closeSharedRedis(): Promise<void> {
  const client = shared;
  shared = undefined;
  await client?.quit().catch(() => client.disconnect());
}
