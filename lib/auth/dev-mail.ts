/** True when mail goes to the development outbox (/dev/mail) instead of SMTP. */
export function usesDevOutbox(): boolean {
  return !process.env.SMTP_URL && process.env.NODE_ENV !== "production";
}
