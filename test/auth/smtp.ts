// A real SMTP server on 127.0.0.1 that keeps what it receives, plus just enough MIME
// decoding (multipart, quoted-printable, base64) to read the text part and follow its links.
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { settleMail, startMailWorker } from "@/test/support/mail";

type ReceivedMail = { to: string[]; subject: string; text: string; html: string; raw: string };

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function splitHeaders(part: string): { headers: Map<string, string>; body: string } {
  const i = part.search(/\r?\n\r?\n/);
  const head = i < 0 ? part : part.slice(0, i);
  const body = i < 0 ? "" : part.slice(i).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const c = line.indexOf(":");
    if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  return { headers, body };
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const top = splitHeaders(raw);
  const parts: Array<{ type: string; text: string }> = [];
  const walk = (headers: Map<string, string>, body: string) => {
    const type = headers.get("content-type") ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith("multipart/") && boundary) {
      for (const chunk of body.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith("--")) break;
        const p = splitHeaders(chunk.replace(/^\r?\n/, ""));
        walk(p.headers, p.body);
      }
    } else {
      parts.push({ type: type.toLowerCase(), text: decodeBody(body, headers.get("content-transfer-encoding")) });
    }
  };
  walk(top.headers, top.body);
  return {
    to,
    subject: top.headers.get("subject") ?? "",
    text: parts.find((p) => p.type.startsWith("text/plain"))?.text ?? "",
    html: parts.find((p) => p.type.startsWith("text/html"))?.text ?? "",
    raw,
  };
}

/** A catcher on 127.0.0.1; `port` 0 (default) picks a free one, or listen again where a stopped one was. */
export async function startSmtp(port = 0) {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push(parseMail(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((r) => r.address.toLowerCase())));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    inbox,
    /** Mails received for an address so far. */
    mailsTo: (address: string) => inbox.filter((m) => m.to.includes(address.toLowerCase())),
    /** Mails received for an address once every queued mail was handled (needs a worker: startMailWorker). */
    settledMailsTo: async (address: string) => {
      await settleMail();
      return inbox.filter((m) => m.to.includes(address.toLowerCase()));
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The `token` query parameter of the first link in the text that goes to `pathname`. */
export function tokenFromMail(mail: ReceivedMail, pathname: string): string {
  for (const m of mail.text.matchAll(/https?:\/\/\S+/g)) {
    const url = new URL(m[0]);
    if (url.pathname === pathname && url.searchParams.get("token")) return url.searchParams.get("token")!;
  }
  throw new Error(`no ${pathname} link in mail "${mail.subject}":\n${mail.text}`);
}

/**
 * For a whole test file: an SMTP catcher as SMTP_URL and the mail consumers of a worker, from
 * beforeAll to afterAll. Call at the top level; the returned object reads the catcher's mail.
 */
export function mailCatcherForFile() {
  let catcher: Awaited<ReturnType<typeof startSmtp>> | undefined;
  let worker: Awaited<ReturnType<typeof startMailWorker>> | undefined;
  beforeAll(async () => {
    catcher = await startSmtp();
    worker = await startMailWorker();
    process.env.SMTP_URL = catcher.url;
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await worker?.stop();
    await catcher?.stop();
  });
  const started = () => {
    if (!catcher) throw new Error("mailCatcherForFile(): the catcher is not started (call it at the top level of a test file)");
    return catcher;
  };
  return {
    mailsTo: (address: string) => started().mailsTo(address),
    settledMailsTo: (address: string) => started().settledMailsTo(address),
  };
}
