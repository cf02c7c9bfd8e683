import { intEnv } from "@/lib/core/env";

// Group commit for a process's hot statements: up to `concurrency` statements in flight; calls
// that come while they are all busy go out together in the next one (at most `max`). An idle
// process sends each call at once, alone, so batching adds no latency; under load one round trip
// (and, for writes, one commit) serves many calls. If a batch fails, each of its calls is sent
// alone, so one call's failure stays its own. With `stallMs`, a further statement starts beside
// those in flight only once the latest of them has run that long: under load the calls gather
// into fewer, larger statements (on a busy database one statement at a time commits the most),
// and a statement held up, e.g. waiting for a row lock, holds up the calls behind it no longer.

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
  /** The env setting of `stallMs` (see above), and its default; 0: the next statement starts at once. */
  stallEnv?: string;
  stallMs?: number;
  /** The order a batch is sent in (lock order), if any. */
  order?: (a: T, b: T) => number;
};

export class StatementBatcher<T, R> {
  #queue: Call<T, R>[] = [];
  #inFlight = 0;
  #lastStart = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: BatcherOptions<T, R>) {}

  run(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#pump();
    });
  }

  /** The statements in flight at once (its env setting, else the default). */
  concurrency(): number {
    return intEnv(this.opts.concurrencyEnv, this.opts.concurrency, { invalid: "fallback", min: 1 });
  }

  #pump(): void {
    const concurrency = this.concurrency();
    const stall = this.opts.stallEnv ? intEnv(this.opts.stallEnv, this.opts.stallMs ?? 0, { invalid: "fallback", min: 0 }) : (this.opts.stallMs ?? 0);
    while (this.#inFlight < concurrency && this.#queue.length > 0) {
      if (this.#inFlight > 0 && stall > 0) {
        const wait = this.#lastStart + stall - performance.now();
        if (wait > 0) {
          // Looked at again when a statement ends, or when the latest one has run `stall` ms.
          this.#timer ??= setTimeout(() => {
            this.#timer = undefined;
            this.#pump();
          }, Math.ceil(wait));
          this.#timer.unref();
          return;
        }
      }
      const batch = this.#queue.splice(0, this.opts.max);
      this.#inFlight++;
      this.#lastStart = performance.now();
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
