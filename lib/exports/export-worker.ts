import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/core/logger";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES, queueOptions } from "@/lib/queue/queues";
import { processDataExport, sweepExpiredExports } from "./process-export";

type ExportJob = { exportId: string } | { sweep: true };

export async function queueDataExport(exportId: string): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.dataExport, { exportId } satisfies ExportJob, { ...queueOptions()[QUEUES.dataExport], singletonKey: exportId });
}

/** The worker registration (worker/registrations.ts): builds exports, and sweeps expired archives hourly. */
export async function registerExportWorker(boss: PgBoss): Promise<void> {
  await boss.schedule(QUEUES.dataExport, "17 * * * *", { sweep: true } satisfies ExportJob);
  await boss.work<ExportJob>(QUEUES.dataExport, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    const data = job.data;
    if (data && "exportId" in data && typeof data.exportId === "string") return processDataExport(data.exportId);
    if (data && "sweep" in data) {
      const removed = await sweepExpiredExports();
      if (removed) logger.info("expired export archives removed", { removed });
      return;
    }
    logger.error("malformed data-export job dropped", { jobId: job.id });
  });
}
