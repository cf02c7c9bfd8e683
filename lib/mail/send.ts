import nodemailer, { type Transporter } from "nodemailer";
import { logger } from "@/lib/logger";
import { mailFrom } from "./config";
import { writeToOutbox } from "./outbox";

export type MailMessage = { to: string; subject: string; text: string; html: string };

let transport: { url: string; transporter: Transporter } | undefined;

function smtp(url: string): Transporter {
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

/** Sends through SMTP_URL when set; otherwise writes to the development outbox. */
export async function sendMail(message: MailMessage): Promise<void> {
  const from = mailFrom();
  const url = process.env.SMTP_URL;
  if (url) {
    await smtp(url).sendMail({ from, ...message });
    logger.info("mail sent", { subject: message.subject });
    return;
  }
  if (process.env.NODE_ENV === "production") {
    // A production deployment without SMTP would silently lose every verification mail.
    throw new Error("SMTP_URL is not set: cannot send mail in production");
  }
  const entry = await writeToOutbox({ from, ...message });
  logger.info("mail written to the development outbox (open /dev/mail)", { subject: message.subject, id: entry.id });
}
