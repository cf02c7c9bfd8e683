// Brute-force protection: with a limit of L, L+k attempts → exactly L answered normally and k
// answered 429 with Retry-After and X-RateLimit-*; Remaining only decreases.
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as signin } from "@/app/v1/auth/signin/route";
import { POST as signup } from "@/app/v1/auth/signup/route";
import { POST as resend } from "@/app/v1/auth/resend-verification/route";
import { POST as forgot } from "@/app/v1/auth/forgot-password/route";
import { POST as verify } from "@/app/v1/auth/verify-email/route";
import { createTestUser } from "@/test/factories/users";
import { call, newEmail, newIp } from "./http";
import { mailCatcherForFile } from "./smtp";

const smtp = mailCatcherForFile();
afterEach(() => vi.unstubAllEnvs());

/** Runs the attempts one after another and checks the counts and headers. */
async function expectExactLimit(limit: number, extra: number, attempt: (i: number) => Promise<Response>, passStatus: number) {
  const responses: Response[] = [];
  for (let i = 0; i < limit + extra; i++) responses.push(await attempt(i));
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s === passStatus)).toHaveLength(limit);
  expect(statuses.filter((s) => s === 429)).toHaveLength(extra);
  expect(statuses.slice(0, limit).every((s) => s === passStatus)).toBe(true);

  let previous = Infinity;
  for (const res of responses) {
    expect(res.headers.get("X-RateLimit-Limit")).toBe(String(limit));
    const remaining = Number(res.headers.get("X-RateLimit-Remaining"));
    expect(remaining).toBeLessThanOrEqual(previous);
    previous = remaining;
    const resetAt = Number(res.headers.get("X-RateLimit-Reset"));
    expect(resetAt).toBeGreaterThan(Date.now() / 1000 - 1);
  }
  for (const res of responses.slice(limit)) {
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect((await res.json()).error.code).toBe("rate_limited");
  }
  expect(Number(responses[limit - 1].headers.get("X-RateLimit-Remaining"))).toBe(0);
  return responses;
}

describe("sign-in brute-force limits", () => {
  // The account-wide counter never answers 429 (a stranger could lock the owner out): see
  // test/auth/sign-in-lockout.test.ts.
  it("per (account, IP): L wrong passwords from one IP are answered, the next k get 429", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_IP_POINTS", "4");
    const { user, password } = await createTestUser();
    const ip = newIp();
    await expectExactLimit(4, 3, () => call(signin, "/v1/auth/signin", { body: { email: user.email, password: "wrong password!" }, ip }), 401);
    // Even the right password is refused from that IP until the window passes.
    expect((await call(signin, "/v1/auth/signin", { body: { email: user.email, password }, ip })).status).toBe(429);
  });

  it("per (account, IP): unknown emails are limited exactly like known ones (no enumeration via 429)", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_IP_POINTS", "3");
    const email = newEmail("ghost");
    const ip = newIp();
    await expectExactLimit(3, 2, () => call(signin, "/v1/auth/signin", { body: { email, password: "wrong password!" }, ip }), 401);
  });

  it("per IP: one client sweeping many accounts is stopped after L attempts", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_IP_POINTS", "5");
    const ip = newIp();
    await expectExactLimit(5, 4, () => call(signin, "/v1/auth/signin", { body: { email: newEmail("sweep"), password: "wrong password!" }, ip }), 401);
    // Another client is unaffected.
    const other = await call(signin, "/v1/auth/signin", { body: { email: newEmail("sweep"), password: "wrong password!" }, ip: newIp() });
    expect(other.status).toBe(401);
  });

  it("a successful sign-in clears the account's failure count", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_IP_POINTS", "3");
    const { user, password } = await createTestUser();
    const ip = newIp();
    for (let i = 0; i < 2; i++) await call(signin, "/v1/auth/signin", { body: { email: user.email, password: "wrong password!" }, ip });
    expect((await call(signin, "/v1/auth/signin", { body: { email: user.email, password }, ip })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await call(signin, "/v1/auth/signin", { body: { email: user.email, password: "wrong password!" }, ip })).status).toBe(401);
    }
  });

  it("requests pass again once the window has passed", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_IP_POINTS", "2");
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_IP_SECONDS", "1");
    const { user, password } = await createTestUser();
    const ip = newIp();
    for (let i = 0; i < 2; i++) await call(signin, "/v1/auth/signin", { body: { email: user.email, password: "wrong password!" }, ip });
    expect((await call(signin, "/v1/auth/signin", { body: { email: user.email, password }, ip })).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call(signin, "/v1/auth/signin", { body: { email: user.email, password }, ip })).status).toBe(200);
  });
});

describe("mail-sending and sign-up limits", () => {
  it("sign-up per IP", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNUP_IP_POINTS", "3");
    const ip = newIp();
    await expectExactLimit(3, 2, () => call(signup, "/v1/auth/signup", { body: { email: newEmail("su"), password: "a perfectly fine passphrase" }, ip }), 202);
  });

  it("resend-verification per email (from many IPs), and mails only within the limit", async () => {
    vi.stubEnv("AR_RL_AUTH_RESEND_EMAIL_POINTS", "2");
    const { user } = await createTestUser({ verified: false });
    await expectExactLimit(2, 3, () => call(resend, "/v1/auth/resend-verification", { body: { email: user.email }, ip: newIp() }), 202);
    expect(await smtp.settledMailsTo(user.email)).toHaveLength(2);
  });

  it("resend-verification per IP (across many emails)", async () => {
    vi.stubEnv("AR_RL_AUTH_RESEND_IP_POINTS", "3");
    const ip = newIp();
    await expectExactLimit(3, 2, () => call(resend, "/v1/auth/resend-verification", { body: { email: newEmail("r") }, ip }), 202);
  });

  it("forgot-password per email, and the same for an unknown email", async () => {
    vi.stubEnv("AR_RL_AUTH_FORGOT_EMAIL_POINTS", "2");
    const { user } = await createTestUser();
    await expectExactLimit(2, 2, () => call(forgot, "/v1/auth/forgot-password", { body: { email: user.email }, ip: newIp() }), 202);
    expect(await smtp.settledMailsTo(user.email)).toHaveLength(2);
    const unknown = newEmail("nobody");
    await expectExactLimit(2, 2, () => call(forgot, "/v1/auth/forgot-password", { body: { email: unknown }, ip: newIp() }), 202);
  });

  it("forgot-password per IP", async () => {
    vi.stubEnv("AR_RL_AUTH_FORGOT_IP_POINTS", "3");
    const ip = newIp();
    await expectExactLimit(3, 3, () => call(forgot, "/v1/auth/forgot-password", { body: { email: newEmail("f") }, ip }), 202);
  });
});

describe("verify-email limit", () => {
  it("per IP: link guessing from one client stops after L attempts", async () => {
    vi.stubEnv("AR_RL_AUTH_VERIFY_IP_POINTS", "3");
    const ip = newIp();
    await expectExactLimit(3, 2, (i) => call(verify, "/v1/auth/verify-email", { body: { token: `guess-${i}-`.padEnd(43, "x") }, ip }), 422);
  });
});
