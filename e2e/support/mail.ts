import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { MAIL_DIR } from "./env";

type CapturedMail = { file: string; to: string[]; subject: string; text: string; html: string };

// The app runs in local mode (e2e/support/serve.ts): mail goes to the development outbox,
// one JSON file per message in MAIL_DIR, which is also what /dev/mail lists.
type OutboxEntry = { to: string; subject: string; text: string; html: string };

function parseMail(file: string): CapturedMail {
  const m = JSON.parse(readFileSync(file, "utf8")) as OutboxEntry;
  return { file, to: [m.to.toLowerCase()], subject: m.subject, text: m.text, html: m.html };
}

function allMail(): CapturedMail[] {
  if (!existsSync(MAIL_DIR)) return [];
  return readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => parseMail(path.join(MAIL_DIR, f)));
}

/** Waits for a new message to `to` whose subject matches; `seen` skips earlier messages. */
export async function waitForMail(to: string, subject: RegExp, { timeout = 20_000, seen = new Set<string>() } = {}): Promise<CapturedMail> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const hit = allMail().find((m) => !seen.has(m.file) && m.to.includes(to.toLowerCase()) && subject.test(m.subject));
    if (hit) return hit;
    if (Date.now() > deadline) {
      const got = allMail().map((m) => `${m.to.join(",")}: ${m.subject}`);
      throw new Error(`No mail to ${to} matching ${subject} within ${timeout} ms. Received: ${got.join(" | ") || "nothing"}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Files of every message captured so far (to ignore them in a later waitForMail). */
export function mailSeen(): Set<string> {
  return new Set(allMail().map((m) => m.file));
}

/** The first link in the mail whose path starts with `pathPrefix`. */
export function linkIn(mail: CapturedMail, pathPrefix: string): string {
  const urls = [...`${mail.text}\n${mail.html}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0].replace(/&amp;/g, "&"));
  const url = urls.find((u) => new URL(u).pathname.startsWith(pathPrefix));
  if (!url) throw new Error(`No ${pathPrefix} link in mail "${mail.subject}". Links: ${urls.join(", ")}`);
  return url;
}
