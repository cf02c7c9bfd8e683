// Local mode: AgentRuntime running on its embedded PostgreSQL, i.e. started without a
// DATABASE_URL (`npm start` / `npm run dev` on a developer's machine). The launcher decides it
// once, before it starts the embedded database (which then sets DATABASE_URL for the
// children), and hands it to every process as AGENTRUNTIME_LOCAL_MODE=1.
//
// In local mode mail without SMTP_URL goes to the development outbox (/dev/mail, loopback
// clients only). Anywhere else a missing SMTP_URL stops the start (see mailConfigProblem).

export const LOCAL_MODE_ENV = "AGENTRUNTIME_LOCAL_MODE";

function isLocalMode(): boolean {
  return process.env[LOCAL_MODE_ENV] === "1";
}

/** Outgoing mail goes to the development outbox: no SMTP_URL, and local mode (or `next dev`, or the tests). */
export function usesDevOutbox(): boolean {
  if (process.env.SMTP_URL) return false;
  return isLocalMode() || process.env.NODE_ENV === "development" || process.env.NODE_ENV === "test";
}

/**
 * Why this process cannot send mail, or null. A production deployment without SMTP would
 * answer every sign-up with a mail that never leaves: refuse to start instead.
 */
export function mailConfigProblem(): string | null {
  if (process.env.SMTP_URL || usesDevOutbox()) return null;
  return "SMTP_URL is not set. Outside local mode (an embedded PostgreSQL, i.e. no DATABASE_URL) AgentRuntime needs an SMTP server for verification, password-reset and invitation mail: set SMTP_URL (e.g. smtps://user:pass@smtp.example.com), or unset DATABASE_URL to run locally with the development outbox at /dev/mail.";
}
