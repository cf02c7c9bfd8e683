import path from "node:path";

// Every link in a mail is absolute and built from APP_URL, never from the request's Host
// header (which a client controls and could point at a phishing site).
export function appUrl(pathname = "/"): string {
  const base = publicBaseUrl();
  return `${base}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}

/** APP_URL, else this server on localhost (`npm start` sets APP_URL to http://localhost:$PORT). */
export function publicBaseUrl(): string {
  return (process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "AgentRuntime <no-reply@agentruntime.local>";
}

/** Where the development outbox keeps one JSON file per message. */
export function outboxDir(): string {
  return process.env.MAIL_OUTBOX_DIR ?? path.join(process.cwd(), ".data", "mail");
}
