import type pg from "pg";
import { logger } from "@/lib/core/logger";
import { metrics } from "@/lib/telemetry/metrics";
import { commitAgentCalls, type AgentCallRecord } from "@/lib/agents/agent-usage";

// Group commit for finished calls. A call's end is held back from its client until its usage is
// committed, so commits are on the hot path; rather than one round trip per call, whoever
// arrives while a commit is in flight joins the next one. Under no load a call commits at once
// (no timer, no added wait); under load a batch holds everything that finished meanwhile.

const MAX_BATCH = 500;

type Waiter = { record: AgentCallRecord; resolve: () => void; reject: (err: unknown) => void };

export class UsageBatcher {
  private queue: Waiter[] = [];
  private flushing = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly concurrency = 2,
  ) {}

  /** Resolves once the record is committed (exactly once, whatever happens after). */
  commit(record: AgentCallRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.pump();
    });
  }

  /** Resolves when nothing is queued or in flight (graceful drain). */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.flushing === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.queue.length > 0 && this.flushing < this.concurrency) {
      const batch = this.queue.splice(0, MAX_BATCH);
      metrics().usageBatchSize.observe(batch.length);
      this.flushing++;
      void this.flush(batch).finally(() => {
        this.flushing--;
        this.pump();
        if (this.queue.length === 0 && this.flushing === 0) for (const done of this.idle.splice(0)) done();
      });
    }
  }

  private async flush(batch: Waiter[]): Promise<void> {
    try {
      await this.write(batch.map((w) => w.record));
      for (const w of batch) w.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // One bad record must not sink the others: commit them one by one (idempotent).
      logger.warn("gateway: batched usage commit failed; retrying one by one", { err, size: batch.length });
      for (const w of batch) {
        try {
          await this.write([w.record]);
          w.resolve();
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }

  private async write(records: AgentCallRecord[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await commitAgentCalls(client, records);
      client.release();
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
  }
}
