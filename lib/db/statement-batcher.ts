import { intEnv } from "@/lib/core/env";

// Group commit for a process's hot statements: up to `concurrency` statements in flight; calls
// that come while they are all busy go out together in the next one (at most `max`). An idle
// process sends each call at once, alone, so batching adds no latency; under load one round trip
// (and, for writes, one commit) serves many calls. If a batch fails, each of its calls is sent
// alone, so one call's failure stays its own.

type Call<T, R> = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };

export type BatcherOptions<T, R> = {
  /** One call's statement. */
  one: (item: T) => Promise<R>;
  /** Several calls' statement; answers in the order of `items`. */
  many: (items: T[]) => Promise<R[]>;
  /** The env setting of the statements in flight at once, and its default. */
  concurrencyEnv: string;
  concurrency: number;
  max: number;
  /** The order a batch is sent in (lock order), if any. */
  order?: (a: T, b: T) => number;
};

export class StatementBatcher<T, R> {
  #queue: Call<T, R>[] = [];
  #inFlight = 0;

  constructor(private readonly opts: BatcherOptions<T, R>) {}

  run(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    const concurrency = intEnv(this.opts.concurrencyEnv, this.opts.concurrency, { invalid: "fallback", min: 1 });
    while (this.#inFlight < concurrency && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.opts.max);
      this.#inFlight++;
      void this.#send(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #send(batch: Call<T, R>[]): Promise<void> {
    if (batch.length === 1) return this.#sendOne(batch[0]);
    const order = this.opts.order;
    if (order) batch.sort((a, b) => order(a.item, b.item));
    let results: R[];
    try {
      results = await this.opts.many(batch.map((c) => c.item));
    } catch {
      await Promise.all(batch.map((c) => this.#sendOne(c)));
      return;
    }
    batch.forEach((c, i) => c.resolve(results[i]));
  }

  async #sendOne(c: Call<T, R>): Promise<void> {
    try {
      c.resolve(await this.opts.one(c.item));
    } catch (err) {
      c.reject(err);
    }
  }
}
