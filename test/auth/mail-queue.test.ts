// Mail leaves through the job queue: a request only stores a job, a worker delivers it and
// retries through an SMTP outage; forgot-password answers alike for known and unknown
// addresses because the request does the same work for both.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as forgot } from "@/app/v1/auth/forgot-password/route";
import { POST as signup } from "@/app/v1/auth/signup/route";
import { POST as resend } from "@/app/v1/auth/resend-verification/route";
import { sendMail } from "@/lib/mail/send";
import { QUEUES } from "@/lib/queue/queues";
import { verifyEmailMail } from "@/lib/mail/templates";
import { getBoss } from "@/lib/queue/boss";
import { createTestUser } from "@/test/factories/users";
import { settleMail, startMailWorker } from "@/test/support/mail";
import { call, newEmail, newIp } from "./http";
import { startSmtp, tokenFromMail } from "./smtp";

const PASSWORD = "correct horse battery staple";
let worker: Awaited<ReturnType<typeof startMailWorker>>;
beforeAll(async () => {
  worker = await startMailWorker();
});
afterAll(async () => {
  await worker.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A port where nothing listens now, and where a catcher can listen later. */
async function closedSmtpPort(): Promise<number> {
  const probe = await startSmtp();
  await probe.stop();
  return probe.port;
}

async function failedAttemptsFor(to: string): Promise<number> {
  const jobs = await (await getBoss()).findJobs<{ message: { to: string } }>(QUEUES.mail, { queued: true });
  return Math.max(0, ...jobs.filter((j) => j.data.message.to === to).map((j) => j.retryCount));
}

describe("mail through the job queue", () => {
  it("sendMail only queues: it resolves while SMTP is down, and the worker delivers once SMTP is back", async () => {
    const port = await closedSmtpPort();
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${port}`);
    vi.stubEnv("MAIL_RETRY_DELAY_SECONDS", "1");
    const to = newEmail("queued");
    await sendMail(verifyEmailMail(to, "tok-queued"));
    await vi.waitFor(async () => expect(await failedAttemptsFor(to)).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 100 });

    const smtp = await startSmtp(port);
    try {
      await settleMail(20_000);
      const mails = smtp.mailsTo(to);
      expect(mails).toHaveLength(1);
      expect(tokenFromMail(mails[0], "/auth/verify-email")).toBe("tok-queued");
    } finally {
      await smtp.stop();
    }
  }, 40_000);

  it("sign-up, resend-verification and forgot-password answer 202 while SMTP is down, and their mail arrives afterwards", async () => {
    const port = await closedSmtpPort();
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${port}`);
    vi.stubEnv("MAIL_RETRY_DELAY_SECONDS", "1");
    const fresh = newEmail("outage");
    const { user } = await createTestUser();
    expect((await call(signup, "/v1/auth/signup", { body: { email: fresh, password: PASSWORD }, ip: newIp() })).status).toBe(202);
    expect((await call(resend, "/v1/auth/resend-verification", { body: { email: fresh }, ip: newIp() })).status).toBe(202);
    expect((await call(forgot, "/v1/auth/forgot-password", { body: { email: user.email }, ip: newIp() })).status).toBe(202);
    await vi.waitFor(async () => expect(await failedAttemptsFor(user.email)).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 100 });

    const smtp = await startSmtp(port);
    try {
      await settleMail(30_000);
      expect(smtp.mailsTo(fresh).map((m) => m.subject)).toEqual(["Confirm your email address", "Confirm your email address"]);
      expect(smtp.mailsTo(user.email).map((m) => m.subject)).toEqual(["Reset your password"]);
    } finally {
      await smtp.stop();
    }
  }, 60_000);
});

describe("forgot-password does not reveal accounts", () => {
  it("answers 202 with the same body for known and unknown addresses, in the same time class", async () => {
    const smtp = await startSmtp();
    vi.stubEnv("SMTP_URL", smtp.url);
    try {
      // One account per round: the per-address limit must not be what answers.
      const users = await Promise.all(Array.from({ length: 12 }, () => createTestUser().then((r) => r.user)));
      const timeOf = async (email: string) => {
        const t0 = performance.now();
        const res = await call(forgot, "/v1/auth/forgot-password", { body: { email }, ip: newIp() });
        return { ms: performance.now() - t0, status: res.status, body: await res.json() };
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (const user of users) {
        const a = await timeOf(user.email);
        const b = await timeOf(newEmail("nobody"));
        expect([a.status, b.status]).toEqual([202, 202]);
        expect(a.body).toEqual(b.body);
        known.push(a.ms);
        unknown.push(b.ms);
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      // Same work before the answer (rate limits + one queued job): the medians differ by
      // noise only, far below one account lookup + token + audit + mail round trip.
      expect(Math.abs(median(known) - median(unknown))).toBeLessThan(Math.max(15, 0.5 * Math.min(median(known), median(unknown))));
      await settleMail(30_000);
      for (const user of users) expect(smtp.mailsTo(user.email).map((m) => m.subject)).toEqual(["Reset your password"]);
      expect(smtp.inbox.filter((m) => m.to.some((t) => t.startsWith("nobody-")))).toHaveLength(0);
    } finally {
      await smtp.stop();
    }
  }, 60_000);
});
