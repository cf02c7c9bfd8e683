import { getBoss } from "@/lib/queue/boss";
import { QUEUES, queueOptions } from "@/lib/queue/queues";
import type { MailMessage } from "./message";

// Mail leaves through the job queue: a request only inserts a job (one INSERT), and a worker
// delivers it with retries and backoff, so an SMTP outage or a slow mail server never fails
// or slows a request, and never tells a caller whether a mail was sent at all.
//
// NOTIFY wakes a worker for a new job at once; a retry (no NOTIFY) is picked up by the 2 s poll.
// A job holds the rendered message, links included, until it is delivered; pg-boss deletes
// finished jobs after MAIL_JOB_RETENTION_SECONDS. Link tokens are single-use and short-lived,
// and only their hashes are kept in the application's tables.

export type MailJob = { message: MailMessage };

/** Queues one message for delivery by a worker; resolves once the job is stored. */
export async function sendMail(message: MailMessage): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.mail, { message } satisfies MailJob, queueOptions()[QUEUES.mail]);
}
