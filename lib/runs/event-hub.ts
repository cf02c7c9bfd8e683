import "server-only";
import pg from "pg";
import type { Redis } from "ioredis";
import { logger } from "@/lib/core/logger";
import { newRedisSubscriber } from "@/lib/redis/client";
import { parseRunEventNotify, RUN_EVENTS_CHANNEL, type RunEventNotice } from "./events";
import { REDIS_RUN_EVENTS_CHANNEL, runEventsViaRedis } from "./run-event-bus";

// One connection per process, fanned out to every SSE subscriber, so a thousand open streams cost
// one connection: a LISTEN on `run_events` by default, a Redis SUBSCRIBE when REDIS_URL is set
// (run-event-bus.ts). Notices are sent at or after commit, so a notice always names an event
// whose row is already readable.
//
// After a reconnect, notices sent while the connection was down are lost: subscribers get a
// `resync` signal and catch up from the RunEvent table, which is the source of truth.

type HubSignal = { kind: "event"; notice: RunEventNotice } | { kind: "resync" };
type HubListener = (signal: HubSignal) => void;

const IDLE_CLOSE_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;
const REDIS_SUBSCRIBE_TIMEOUT_MS = 3_000;

/** The live connection, whichever kind. */
type Connection = { end(): Promise<void> };

class RunEventHub {
  private client: Connection | null = null;
  private connecting: Promise<void> | null = null;
  private listeners = new Set<HubListener>();
  private idleTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff = 250;
  private closed = false;

  /** Resolves once LISTEN is active, so nothing committed after this call can be missed. */
  async subscribe(listener: HubListener): Promise<() => void> {
    this.closed = false;
    this.listeners.add(listener);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      await this.ensureConnected();
    } catch (err) {
      this.listeners.delete(listener);
      throw err;
    }
    return () => this.unsubscribe(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  private unsubscribe(listener: HubListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size > 0 || this.idleTimer) return;
    // Keep the connection a little while: SSE clients reconnect often.
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.listeners.size === 0) void this.close();
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private connect(): Promise<void> {
    return runEventsViaRedis() ? this.connectRedis() : this.connectPostgres();
  }

  private async connectPostgres(): Promise<void> {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const client = new pg.Client({ connectionString, keepAlive: true, application_name: "agentruntime-run-events" });
    client.on("notification", (msg) => {
      if (msg.channel !== RUN_EVENTS_CHANNEL || !msg.payload) return;
      for (const notice of parseRunEventNotify(msg.payload)) this.emit({ kind: "event", notice });
    });
    const conn: Connection = { end: () => client.end() };
    client.on("error", (err) => this.lost(conn, err));
    client.on("end", () => this.lost(conn, null));
    await client.connect();
    await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
    this.client = conn;
    this.backoff = 250;
  }

  // ioredis reconnects by itself; the hub drops a subscriber whose connection closed and makes a
  // new one (as for PostgreSQL), so a resync always follows an active SUBSCRIBE.
  private async connectRedis(): Promise<void> {
    const sub: Redis = newRedisSubscriber("agentruntime-run-events");
    // disconnect(), not quit(): a quit would wait in the offline queue while Redis is unreachable.
    const conn: Connection = { end: async () => sub.disconnect() };
    sub.on("message", (channel: string, payload: string) => {
      if (channel !== REDIS_RUN_EVENTS_CHANNEL) return;
      let notice: RunEventNotice;
      try {
        notice = JSON.parse(payload) as RunEventNotice;
      } catch {
        return;
      }
      this.emit({ kind: "event", notice });
    });
    sub.on("error", (err: Error) => this.lost(conn, err));
    sub.on("close", () => this.lost(conn, null));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sub.subscribe(REDIS_RUN_EVENTS_CHANNEL),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis SUBSCRIBE not active after ${REDIS_SUBSCRIBE_TIMEOUT_MS} ms`)), REDIS_SUBSCRIBE_TIMEOUT_MS))),
      ]);
    } catch (err) {
      sub.removeAllListeners();
      sub.on("error", () => undefined);
      sub.disconnect();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    this.client = conn;
    this.backoff = 250;
  }

  private lost(client: Connection, err: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.closed || this.listeners.size === 0) return;
    logger.warn("run event listener lost its connection; reconnecting", { err });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed || this.listeners.size === 0) return;
      this.ensureConnected().then(
        () => this.emit({ kind: "resync" }),
        (err: unknown) => {
          logger.warn("run event listener reconnect failed", { err });
          this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
          this.scheduleReconnect();
        },
      );
    }, this.backoff);
    this.retryTimer.unref();
  }

  private emit(signal: HubSignal): void {
    for (const l of [...this.listeners]) {
      try {
        l(signal);
      } catch (err) {
        logger.error("run event listener threw", { err });
      }
    }
  }

  /** Drops the connection (tests, shutdown). Subscribers stay registered and get a resync after a new subscribe. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  /** For tests: kill the connection as a network failure would, to exercise the reconnect path. */
  simulateConnectionLoss(): void {
    const client = this.client;
    if (client) this.lost(client, new Error("simulated connection loss"));
  }
}

// Next dev reloads modules: keep one hub per process on globalThis.
const g = globalThis as unknown as { __arRunEventHub?: RunEventHub };
export const runEventHub: RunEventHub = (g.__arRunEventHub ??= new RunEventHub());
