import path from "node:path";
import { publicOrigin } from "@/lib/core/public-origin";

// Every link in a mail is absolute and built from APP_URL, never from the request's Host
// header (which a client controls and could point at a phishing site).
export function appUrl(pathname = "/"): string {
  const base = publicOrigin();
  return `${base}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "AgentRuntime <no-reply@agentruntime.local>";
}

/** Where the development outbox keeps one JSON file per message. */
export function outboxDir(): string {
  return process.env.MAIL_OUTBOX_DIR ?? path.join(process.cwd(), ".data", "mail");
}
