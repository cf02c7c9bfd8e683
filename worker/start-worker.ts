import { logger } from "@/lib/core/logger";
import { setDraining } from "@/lib/runs/engine/draining";
import { configureBossAsWorker, getBoss, stopBoss } from "@/lib/queue/boss";
import { OrphanRunSweeper } from "@/lib/runs/engine/orphan-runs";
import { runLocker } from "@/lib/runs/engine/run-lock";
import { analyzeStaleJobTables } from "@/lib/queue/job-statistics";
import { startMaintenance } from "./maintenance";
import { registerWorkers } from "./registrations";

// A worker: pg-boss in worker mode (supervising, woken by NOTIFY), every registered consumer,
// the maintenance loop, and the sweeper that hands over the runs of a worker that died. Used by worker/main.ts and, in-process, by the tests.

type RunningWorker = {
  /** Stops fetching; in-flight jobs get `timeoutMs` to finish, then are handed back to the queue. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
};

export async function startWorker(opts: { maintenance?: boolean } = {}): Promise<RunningWorker> {
  setDraining(false);
  configureBossAsWorker();
  const boss = await getBoss();
  // Before the first run job is fetched (see RunLocker.connect).
  await runLocker()
    .connect()
    .catch((err: unknown) => logger.warn("run lock connection not opened at start; it is opened with the first run", { err }));
  // Before the consumers too: the runs consumer fetches and executes from its registration on,
  // and the others' registrations can take seconds on a loaded machine. Started after them, a
  // worker executed runs for that long without sweeping, so when a starting worker was the only
  // survivor of a crash, no one handed the dead worker's runs over.
  const orphans = new OrphanRunSweeper(boss);
  orphans.start();
  // A worker starting into a backlog (a deploy while runs queued up) fetches with a plan made for it
  // from its first batch, not from the next maintenance round's (lib/queue/job-statistics.ts).
  await analyzeStaleJobTables().catch((err: unknown) => logger.warn("job table statistics not refreshed at start", { err }));
  const consumers = await registerWorkers(boss).catch(async (err: unknown) => {
    await orphans.stop();
    throw err;
  });
  const maintenance = opts.maintenance === false ? null : startMaintenance();
  logger.info("worker started", { consumers, pid: process.pid });
  let stopping: Promise<void> | undefined;
  return {
    stop: (stopOpts = {}) =>
      (stopping ??= (async () => {
        const timeoutMs = stopOpts.timeoutMs ?? 30_000;
        const deadline = Date.now() + timeoutMs;
        // Runs stop between steps from now on; pg-boss stops fetching and waits for handlers.
        setDraining(true);
        // The background loops hold no job, and a round in progress can take long on a loaded
        // database (maintenance waits up to 10 s for a pooled connection, then for row locks): it
        // is not waited for beyond the deadline, nor before the jobs' grace starts. What it had
        // not committed is rolled back when the process exits; the next round (here or on
        // another worker) does it again.
        const loops = Promise.all([orphans.stop(), maintenance?.stop()]);
        await stopBoss({ graceful: true, timeoutMs });
        await untilDeadline(loops, deadline);
        setDraining(false);
        logger.info("worker stopped", { pid: process.pid });
      })()),
  };
}

async function untilDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
  clearTimeout(timer);
}
