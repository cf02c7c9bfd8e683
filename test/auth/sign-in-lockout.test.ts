// A stranger who knows someone's email must not be able to lock them out. Failed sign-ins are
// refused (429) per IP and per (account, IP); the account-wide count past its threshold only
// delays each attempt by a bounded SIGN_IN_SLOWDOWN_MS, so the owner still gets in from
// their own address.
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as signin } from "@/app/v1/auth/signin/route";
import { SIGN_IN_SLOWDOWN_MS } from "@/lib/auth/rate-limits";
import { createTestUser } from "@/test/factories/users";
import { call, newIp } from "./http";

afterEach(() => vi.unstubAllEnvs());

const attempt = (email: string, password: string, ip: string) => call(signin, "/v1/auth/signin", { body: { email, password }, ip });

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

describe("no lockout by guessing an email", () => {
  it("an attacker exhausting attempts for victim@ from IP A → 429 for A; the victim signs in from IP B", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_IP_POINTS", "3");
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_POINTS", "3");
    const { user: victim, password } = await createTestUser();
    const attacker = newIp();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(victim.email, "guess number " + i, attacker)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    // Even the right password is refused from the attacker's address.
    expect((await attempt(victim.email, password, attacker)).status).toBe(429);

    // The account is past its threshold: the victim is slowed down, not refused.
    const [res, ms] = await timed(() => attempt(victim.email, password, newIp()));
    expect(res.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(SIGN_IN_SLOWDOWN_MS - 50);
    expect(ms).toBeLessThan(SIGN_IN_SLOWDOWN_MS + 3000);
  });

  it("guesses spread over many IPs are slowed down once past the account threshold, never refused", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_EMAIL_POINTS", "2");
    const { user, password } = await createTestUser();
    const timings = [];
    for (let i = 0; i < 4; i++) {
      const [res, ms] = await timed(() => attempt(user.email, "wrong password!", newIp()));
      expect(res.status).toBe(401);
      timings.push(ms);
    }
    expect(timings.slice(2).every((ms) => ms >= SIGN_IN_SLOWDOWN_MS - 50)).toBe(true);
    // A 401 past the threshold carries the limits that can answer 429 (per IP and per account + IP).
    const [res] = await timed(() => attempt(user.email, "wrong password!", newIp()));
    expect(Number(res.headers.get("X-RateLimit-Limit"))).toBe(10);
    // The owner, from a fresh address: in, and the account's count starts over.
    expect((await attempt(user.email, password, newIp())).status).toBe(200);
    const [after, ms] = await timed(() => attempt(user.email, "wrong password!", newIp()));
    expect(after.status).toBe(401);
    expect(ms).toBeLessThan(SIGN_IN_SLOWDOWN_MS);
  });
});
