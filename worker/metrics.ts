import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { metrics } from "@/lib/telemetry/metrics";
import { startMetricsServer, type MetricsServer } from "@/lib/telemetry/metrics-server";

// The worker's /metrics listener (WORKER_METRICS_PORT, off unless set; WORKER_METRICS_HOST,
// 127.0.0.1 by default). Queue depth is read at scrape time from pg-boss's queue table, whose
// counts the supervising workers refresh every BOSS_MONITOR_SECONDS: one cheap query per scrape.

/** Sets agentruntime_queue_jobs{queue,state} from pg-boss's counts. */
export async function collectQueueDepth(): Promise<void> {
  const boss = await getBoss();
  const gauge = metrics().queueJobs;
  for (const q of await boss.getQueues(Object.values(QUEUES))) {
    gauge.set({ queue: q.name, state: "ready" }, q.readyCount ?? 0);
    gauge.set({ queue: q.name, state: "deferred" }, q.deferredCount ?? 0);
    gauge.set({ queue: q.name, state: "active" }, q.activeCount ?? 0);
    gauge.set({ queue: q.name, state: "failed" }, q.failedCount ?? 0);
  }
}

export function startWorkerMetrics(): Promise<MetricsServer | null> {
  return startMetricsServer({ portVar: "WORKER_METRICS_PORT", hostVar: "WORKER_METRICS_HOST", onScrape: collectQueueDepth });
}
