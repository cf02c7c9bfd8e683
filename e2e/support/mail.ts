import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { MAIL_DIR } from "./env";

export type CapturedMail = { file: string; to: string[]; subject: string; text: string; html: string };

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < src.length; i++) {
    if (src[i] === "=" && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (/base64/i.test(encoding ?? "")) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/quoted-printable/i.test(encoding ?? "")) return decodeQuotedPrintable(body);
  return body;
}

function splitHeaders(part: string): { headers: Record<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? "" : part.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function decodeHeader(value: string): string {
  return value.replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _cs, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
  );
}

/** The text and HTML bodies of a (possibly nested multipart) message. */
function collect(part: string, out: { text: string; html: string }) {
  const { headers, body } = splitHeaders(part);
  const type = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const sub of body.split(`--${boundary}`).slice(1)) {
      if (sub.startsWith("--")) break;
      collect(sub.replace(/^\r?\n/, ""), out);
    }
  } else if (/^text\/html/i.test(type)) out.html += decodeBody(body, headers["content-transfer-encoding"]);
  else if (/^text\/plain/i.test(type)) out.text += decodeBody(body, headers["content-transfer-encoding"]);
}

export function parseMail(file: string): CapturedMail {
  const { to, raw } = JSON.parse(readFileSync(file, "utf8")) as { to: string[]; raw: string };
  const out = { text: "", html: "" };
  collect(raw, out);
  return { file, to, subject: decodeHeader(splitHeaders(raw).headers.subject ?? ""), ...out };
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
