/** One rendered message: what the queue carries, SMTP sends and the development outbox keeps. */
export type MailMessage = { to: string; subject: string; text: string; html: string };
