// Mail leaves through the job queue (lib/mail/send.ts); tests that read what was sent run a
// worker in-process and wait for the queue to be empty before they look.
import { registerAccountMailWorker } from "@/lib/auth/account-mail-requests";
import { registerMailWorker } from "@/lib/mail/mail-worker";
import { QUEUES } from "@/lib/queue/queues";
import { configureBossAsWorker, countPendingJobs, getBoss, stopBoss } from "@/lib/queue/boss";

const MAIL_QUEUES = [QUEUES.accountMail, QUEUES.mail];

/** The mail consumers of a worker (mail, account-mail) in this process; no run or webhook consumer. */
export async function startMailWorker(): Promise<{ stop(): Promise<void> }> {
  await stopBoss(); // a producer-only boss started earlier is replaced by a worker's
  configureBossAsWorker();
  const boss = await getBoss();
  await registerMailWorker(boss);
  await registerAccountMailWorker(boss);
  return { stop: () => stopBoss({ graceful: true, timeoutMs: 5_000 }) };
}

/** Waits until no mail job and no account-mail request is pending (queued, retrying or running). */
export async function settleMail(timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await countPendingJobs(MAIL_QUEUES, 24 * 3600);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} mail job(s) still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
