import nodemailer, { type Transporter } from "nodemailer";
import { logger } from "@/lib/core/logger";
import { mailConfigProblem, usesDevOutbox } from "@/lib/core/local-mode";
import { mailFrom } from "./config";
import type { MailMessage } from "./message";
import { writeToOutbox } from "./outbox";

let transport: { url: string; transporter: Transporter } | undefined;

function smtp(url: string): Transporter {
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

/**
 * Hands one message to SMTP_URL, or to the development outbox in local mode. Throws when the
 * transport fails: the mail worker (lib/mail/mail-worker.ts) retries. Requests never call
 * this; they queue mail with sendMail (lib/mail/send.ts).
 */
export async function deliverMail(message: MailMessage): Promise<void> {
  const from = mailFrom();
  const url = process.env.SMTP_URL;
  if (url) {
    await smtp(url).sendMail({ from, ...message });
    logger.info("mail sent", { subject: message.subject });
    return;
  }
  // A deployment without SMTP would silently lose every verification mail.
  if (!usesDevOutbox()) throw new Error(mailConfigProblem() ?? "SMTP_URL is not set");
  const entry = await writeToOutbox({ from, ...message });
  logger.info("mail written to the development outbox (open /dev/mail)", { subject: message.subject, id: entry.id });
}
