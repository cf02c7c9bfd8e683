import type { PgBoss } from "pg-boss";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { logger } from "@/lib/core/logger";
import type { RequestMeta } from "@/lib/core/scope";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES, queueOptions } from "@/lib/queue/queues";
import { sendMail } from "@/lib/mail/send";
import { resetPasswordMail, verifyEmailMail } from "@/lib/mail/templates";
import { issueEmailToken } from "./email-tokens";

// "Mail me a link" requests that must not reveal whether an account exists (forgot password,
// resend verification). The request only queues the address: looking the account up, issuing
// the link and queueing the mail all happen here, in a worker. So the HTTP answer, and the
// work done before it, are the same for a known and an unknown address.

type AccountMailRequest = { kind: "password_reset" | "resend_verification"; email: string; request: RequestMeta };

export async function queueAccountMailRequest(job: AccountMailRequest): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.accountMail, job, queueOptions()[QUEUES.accountMail]);
}

/** Executes one request: mails a link when the account exists (and, for verification, is unverified). */
async function processAccountMailRequest({ kind, email, request }: AccountMailRequest): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, emailVerified: true } });
  if (!user) return;
  if (kind === "password_reset") {
    const token = await issueEmailToken(user.id, "reset_password");
    await recordAudit({ actor: { type: "anonymous" }, action: "auth.password_reset_requested", target: { type: "user", id: user.id }, request });
    await sendMail(resetPasswordMail(user.email, token));
  } else if (!user.emailVerified) {
    const token = await issueEmailToken(user.id, "verify_email");
    await sendMail(verifyEmailMail(user.email, token));
  }
}

function isRequest(data: unknown): data is AccountMailRequest {
  const d = data as AccountMailRequest | null;
  return !!d && (d.kind === "password_reset" || d.kind === "resend_verification") && typeof d.email === "string" && !!d.request && typeof d.request.requestId === "string";
}

/** The worker registration (worker/registrations.ts). */
export async function registerAccountMailWorker(boss: PgBoss): Promise<void> {
  await boss.work<AccountMailRequest>(QUEUES.accountMail, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 2 }, async ([job]) => {
    if (!isRequest(job.data)) {
      logger.error("malformed account-mail job dropped", { jobId: job.id });
      return;
    }
    await processAccountMailRequest(job.data);
  });
}
