// Sign-up → mail → verification link → sign-in, against a real SMTP server; unverified
// sign-in refused; verification links single-use and expiring; no account enumeration.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/v1/auth/signup/route";
import { POST as verify } from "@/app/v1/auth/verify-email/route";
import { POST as resend } from "@/app/v1/auth/resend-verification/route";
import { POST as signin } from "@/app/v1/auth/signin/route";
import { sessionFromCookies } from "@/lib/auth/session";
import { hashEmailToken } from "@/lib/auth/email-tokens";
import { db } from "@/lib/db/client";
import { createTestUser } from "@/test/factories/users";
import { call, cookieFrom, newEmail, newIp, requestFor } from "./http";
import { tokenFromMail, mailCatcherForFile } from "./smtp";

const PASSWORD = "correct horse battery staple";
const smtp = mailCatcherForFile();

beforeAll(() => {
  process.env.APP_URL = "https://console.example.test";
});
afterAll(() => {
  delete process.env.APP_URL;
});

async function signUp(email: string, password = PASSWORD) {
  return call(signup, "/v1/auth/signup", { body: { email, password }, ip: newIp() });
}

async function verificationToken(email: string, index = -1): Promise<string> {
  const mails = (await smtp.settledMailsTo(email)).filter((m) => m.subject === "Confirm your email address");
  const mail = mails.at(index);
  if (!mail) throw new Error(`no verification mail for ${email}`);
  return tokenFromMail(mail, "/auth/verify-email");
}

describe("sign-up and email verification", () => {
  it("signs up, mails a link built from APP_URL, verifies it and then signs in", async () => {
    const email = newEmail("flow");
    const res = await signUp(email.toUpperCase());
    expect(res.status).toBe(202);
    expect((await res.json()).ok).toBe(true);

    const [mail] = await smtp.settledMailsTo(email);
    expect(mail.subject).toBe("Confirm your email address");
    expect(mail.text).toContain("https://console.example.test/auth/verify-email?token=");
    expect(mail.html).toContain("https://console.example.test/auth/verify-email?token=");
    expect(mail.text).toMatch(/24 hours/);
    const token = tokenFromMail(mail, "/auth/verify-email");
    // Only the SHA-256 of the token is stored.
    const stored = await db.emailToken.findFirstOrThrow({ where: { user: { email } } });
    expect(stored.tokenHash).toBe(hashEmailToken(token));
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(24 * 3600_000 - 5_000);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThanOrEqual(24 * 3600_000 + 5_000);

    const ok = await call(verify, "/v1/auth/verify-email", { body: { token } });
    expect(ok.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerified).not.toBeNull();
    const audit = await db.auditLog.findFirst({ where: { action: "auth.email_verified", actorLabel: email } });
    expect(audit).not.toBeNull();

    const session = await call(signin, "/v1/auth/signin", { body: { email, password: PASSWORD }, ip: newIp() });
    expect(session.status).toBe(200);
    expect((await session.json()).user.email).toBe(email);
    expect(await sessionFromCookies(requestFor(cookieFrom(session)).headers.get("cookie"))).not.toBeNull();
  });

  it("refuses sign-in before verification, saying so only to someone who knew the password", async () => {
    const email = newEmail("unverified");
    await signUp(email);
    const right = await call(signin, "/v1/auth/signin", { body: { email, password: PASSWORD }, ip: newIp() });
    expect(right.status).toBe(401);
    expect((await right.json()).error.message).toMatch(/verify your email/i);
    expect(right.headers.getSetCookie()).toEqual([]);

    const wrong = await call(signin, "/v1/auth/signin", { body: { email, password: "not the password!" }, ip: newIp() });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toBe("Email or password is incorrect");
  });

  it("uses a verification link only once", async () => {
    const email = newEmail("once");
    await signUp(email);
    const token = await verificationToken(email);
    expect((await call(verify, "/v1/auth/verify-email", { body: { token } })).status).toBe(200);
    const again = await call(verify, "/v1/auth/verify-email", { body: { token } });
    expect(again.status).toBe(422);
    expect((await again.json()).error.details[0].path).toBe("token");
  });

  it("lets exactly one of two concurrent uses of a link succeed", async () => {
    const email = newEmail("race");
    await signUp(email);
    const token = await verificationToken(email);
    const results = await Promise.all([1, 2, 3].map(() => call(verify, "/v1/auth/verify-email", { body: { token } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422]);
  });

  it("refuses an expired verification link (older than 24 h)", async () => {
    const email = newEmail("expired");
    await signUp(email);
    const token = await verificationToken(email);
    await db.emailToken.update({ where: { tokenHash: hashEmailToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(verify, "/v1/auth/verify-email", { body: { token } })).status).toBe(422);
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerified).toBeNull();
  });

  it("refuses unknown and malformed tokens with 422", async () => {
    expect((await call(verify, "/v1/auth/verify-email", { body: { token: "x".repeat(43) } })).status).toBe(422);
    expect((await call(verify, "/v1/auth/verify-email", { body: {} })).status).toBe(422);
    expect((await call(verify, "/v1/auth/verify-email", { body: "{not json" })).status).toBe(422);
  });

  it("resends a fresh link; the earlier one stops working", async () => {
    const email = newEmail("resend");
    await signUp(email);
    const first = await verificationToken(email);
    const res = await call(resend, "/v1/auth/resend-verification", { body: { email }, ip: newIp() });
    expect(res.status).toBe(202);
    const second = await verificationToken(email);
    expect(second).not.toBe(first);
    expect((await call(verify, "/v1/auth/verify-email", { body: { token: first } })).status).toBe(422);
    expect((await call(verify, "/v1/auth/verify-email", { body: { token: second } })).status).toBe(200);
  });

  it("a repeated sign-up of an unverified address replaces the password and the pending link", async () => {
    const email = newEmail("squat");
    await signUp(email, "squatters password 1");
    const squatterLink = await verificationToken(email);
    await signUp(email, "owners own password 2");
    expect((await call(verify, "/v1/auth/verify-email", { body: { token: squatterLink } })).status).toBe(422);
    expect((await call(verify, "/v1/auth/verify-email", { body: { token: await verificationToken(email) } })).status).toBe(200);
    expect((await call(signin, "/v1/auth/signin", { body: { email, password: "squatters password 1" }, ip: newIp() })).status).toBe(401);
    expect((await call(signin, "/v1/auth/signin", { body: { email, password: "owners own password 2" }, ip: newIp() })).status).toBe(200);
  });
});

describe("no account enumeration", () => {
  async function snapshot(res: Response) {
    return { status: res.status, body: await res.json() };
  }

  it("sign-up answers the same for a registered and a new email, and changes nothing on the existing account", async () => {
    const { user } = await createTestUser({ password: "existing users password" });
    const known = await snapshot(await signUp(user.email, "another password 123"));
    const unknown = await snapshot(await signUp(newEmail("fresh")));
    expect(known).toEqual(unknown);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(user.passwordHash);
    // The owner learns about the attempt by mail instead.
    expect((await smtp.settledMailsTo(user.email)).map((m) => m.subject)).toEqual(["You already have an AgentRuntime account"]);
  });

  it("resend answers the same for verified, unverified and unknown emails", async () => {
    const { user: verified } = await createTestUser();
    const { user: pending } = await createTestUser({ verified: false });
    const answers = [];
    for (const email of [verified.email, pending.email, newEmail("nobody")]) {
      answers.push(await snapshot(await call(resend, "/v1/auth/resend-verification", { body: { email }, ip: newIp() })));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual(answers[2]);
    expect(await smtp.settledMailsTo(verified.email)).toHaveLength(0);
    expect(await smtp.settledMailsTo(pending.email)).toHaveLength(1);
  });

  it("sign-in answers the same for an unknown email and a wrong password", async () => {
    const { user } = await createTestUser();
    const a = await snapshot(await call(signin, "/v1/auth/signin", { body: { email: user.email, password: "wrong password here" }, ip: newIp() }));
    const b = await snapshot(await call(signin, "/v1/auth/signin", { body: { email: newEmail("ghost"), password: "wrong password here" }, ip: newIp() }));
    expect(a.status).toBe(401);
    delete a.body.error.requestId;
    delete b.body.error.requestId;
    expect(a).toEqual(b);
  });
});
