// Mail: the development outbox (one JSON file per message, listed newest first), SMTP when
// SMTP_URL is set, no silent outbox outside local mode, links built from APP_URL; requests
// queue mail and a worker delivers it, retrying through an SMTP outage.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deliverMail } from "@/lib/mail/deliver";
import { listOutbox } from "@/lib/mail/outbox";
import { resetPasswordMail, verifyEmailMail } from "@/lib/mail/templates";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { devOutboxVisibleTo } from "@/lib/mail/dev-outbox";
import { startSmtp } from "./smtp";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ar-outbox-"));
  vi.stubEnv("MAIL_OUTBOX_DIR", dir);
  vi.stubEnv("SMTP_URL", "");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe("development outbox", () => {
  it("writes one JSON file per message with to, subject, text, html, createdAt; lists newest first", async () => {
    await deliverMail(verifyEmailMail("a@example.test", "tok-one"));
    await new Promise((r) => setTimeout(r, 5));
    await deliverMail(resetPasswordMail("b@example.test", "tok-two"));
    const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
    expect(files).toHaveLength(2);
    const stored = JSON.parse(await readFile(path.join(dir, files.sort()[0]), "utf8"));
    expect(stored).toMatchObject({ to: "a@example.test", subject: "Confirm your email address" });
    expect(typeof stored.text).toBe("string");
    expect(stored.html).toContain("<html>");
    expect(new Date(stored.createdAt).toString()).not.toBe("Invalid Date");
    const listed = await listOutbox();
    expect(listed.map((m) => m.to)).toEqual(["b@example.test", "a@example.test"]);
  });

  it("builds links from APP_URL (default http://localhost:$PORT) and escapes them in HTML", () => {
    vi.stubEnv("APP_URL", "");
    vi.stubEnv("PORT", "");
    expect(verifyEmailMail("a@x.test", "abc").text).toContain("http://localhost:3000/auth/verify-email?token=abc");
    vi.stubEnv("PORT", "4123");
    expect(verifyEmailMail("a@x.test", "abc").text).toContain("http://localhost:4123/auth/verify-email?token=abc");
    vi.stubEnv("APP_URL", "https://console.example.com/");
    const mail = resetPasswordMail("a@x.test", "a&b");
    expect(mail.text).toContain("https://console.example.com/auth/reset-password?token=a%26b");
    expect(mail.html).toContain("https://console.example.com/auth/reset-password?token=a%26b");
    expect(mail.text).toMatch(/1 hour/);
  });

  it("refuses to drop mail into the outbox in production outside local mode", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("AGENTRUNTIME_LOCAL_MODE", "0");
    await expect(deliverMail(verifyEmailMail("a@x.test", "t"))).rejects.toThrow(/SMTP_URL/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("sends through SMTP when SMTP_URL is set, writing nothing to the outbox", async () => {
    const smtp = await startSmtp();
    try {
      vi.stubEnv("SMTP_URL", smtp.url);
      await deliverMail(verifyEmailMail("smtp@example.test", "tok"));
      expect(smtp.mailsTo("smtp@example.test")).toHaveLength(1);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await smtp.stop();
    }
  });

  it("writes to the outbox in production in local mode (npm start on the embedded PostgreSQL)", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("AGENTRUNTIME_LOCAL_MODE", "1");
    await deliverMail(verifyEmailMail("local@x.test", "t"));
    expect((await listOutbox()).map((m) => m.to)).toEqual(["local@x.test"]);
  });

  it("/dev/mail is shown only in local mode (or development), without SMTP, and only to loopback clients", () => {
    const from = (xff: string) => new Headers({ "x-forwarded-for": xff });
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("AGENTRUNTIME_LOCAL_MODE", "1");
    expect(devOutboxVisibleTo(from("127.0.0.1"))).toBe(true);
    expect(devOutboxVisibleTo(from("::1"))).toBe(true);
    expect(devOutboxVisibleTo(from("::ffff:127.0.0.1"))).toBe(true);
    expect(devOutboxVisibleTo(from("192.0.2.10"))).toBe(false);
    expect(devOutboxVisibleTo(from("10.0.0.7"))).toBe(false);
    expect(devOutboxVisibleTo(new Headers())).toBe(false);
    vi.stubEnv("AGENTRUNTIME_LOCAL_MODE", "0");
    expect(devOutboxVisibleTo(from("127.0.0.1"))).toBe(false);
    vi.stubEnv("AGENTRUNTIME_LOCAL_MODE", "1");
    vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:1");
    expect(devOutboxVisibleTo(from("127.0.0.1"))).toBe(false);
  });
});

describe("safeCallbackUrl", () => {
  it("keeps same-site paths and refuses everything else", () => {
    expect(safeCallbackUrl("/w/acme?tab=1")).toBe("/w/acme?tab=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, undefined, "/ok\nSet-Cookie:x"]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
  });
});
