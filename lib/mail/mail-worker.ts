import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/core/logger";
import { deliverMail } from "./deliver";
import { QUEUES } from "@/lib/queue/queues";
import type { MailJob } from "./send";

function isMailJob(data: unknown): data is MailJob {
  const m = (data as MailJob | null)?.message;
  return !!m && typeof m.to === "string" && typeof m.subject === "string" && typeof m.text === "string" && typeof m.html === "string";
}

/** The worker registration (worker/registrations.ts): one job per message; a failed delivery throws, so pg-boss retries it. */
export async function registerMailWorker(boss: PgBoss): Promise<void> {
  await boss.work<MailJob>(QUEUES.mail, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 2 }, async ([job]) => {
    if (!isMailJob(job.data)) {
      logger.error("malformed mail job dropped", { jobId: job.id });
      return;
    }
    try {
      await deliverMail(job.data.message);
    } catch (err) {
      logger.warn("mail delivery failed; it will be retried", { jobId: job.id, subject: job.data.message.subject, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  });
}
