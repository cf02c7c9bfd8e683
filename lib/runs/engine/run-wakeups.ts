import pg from "pg";
import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/core/logger";
import { QUEUES } from "@/lib/queue/queues";
import { RUN_WAKE_CHANNEL } from "@/lib/runs/queue";

// Wakes one idle fetch loop of the runs consumer per queued job. pg-boss's own NOTIFY woke every
// loop (4 per worker), and all but one fetched nothing. A notice only says "fetch now": the
// loops still poll every second, so a notice lost while the connection is down costs latency,
// never a run; after a reconnect every loop fetches once.

const MAX_BACKOFF_MS = 10_000;

export class RunWakeups {
  private client: pg.Client | null = null;
  private stopped = false;
  private backoff = 250;
  private retry: NodeJS.Timeout | null = null;
  private next = 0;

  constructor(private readonly boss: PgBoss) {}

  async start(): Promise<void> {
    await this.connect().catch((err: unknown) => this.lost(null, err));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** The runs consumer's live loops, idle ones (not holding a batch) first, each group in a stable order. */
  private loops(): { idle: string[]; busy: string[] } {
    const live = this.boss.getWipData().filter((w) => w.name === QUEUES.runs && w.state === "active");
    const ids = (busy: boolean) => live.filter((w) => (w.count > 0) === busy).map((w) => w.id).sort();
    return { idle: ids(false), busy: ids(true) };
  }

  /**
   * One notice → one loop, taken in turn, so notices in quick succession go to different loops.
   * With every loop busy, one of them fetches again as soon as its batch ends (instead of after
   * its polling interval).
   */
  private wakeOne(): void {
    const { idle, busy } = this.loops();
    const pick = idle.length ? idle : busy;
    if (pick.length) this.boss.notifyWorker(pick[this.next++ % pick.length]);
  }

  private wakeAll(): void {
    const { idle, busy } = this.loops();
    for (const id of [...idle, ...busy]) this.boss.notifyWorker(id);
  }

  private async connect(): Promise<void> {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const client = new pg.Client({ connectionString, keepAlive: true, application_name: "agentruntime-run-wakeups" });
    client.on("notification", (msg) => {
      if (msg.channel === RUN_WAKE_CHANNEL) this.wakeOne();
    });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client, null));
    await client.connect();
    await client.query(`LISTEN ${RUN_WAKE_CHANNEL}`);
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoff = 250;
    // Jobs queued while nobody listened: fetch once.
    this.wakeAll();
  }

  private lost(client: pg.Client | null, err: unknown): void {
    if (client && this.client !== client) return;
    this.client = null;
    client?.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    logger.warn("run wake-up listener lost its connection; reconnecting (the loops poll meanwhile)", { err });
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) void this.connect().catch((e: unknown) => this.lost(null, e));
    }, delay);
    this.retry.unref();
  }
}
