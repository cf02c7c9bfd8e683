// Forgot/reset password: single-use 1 h link that ends every session; change password ends
// the other sessions; no enumeration on forgot-password.
import { describe, expect, it } from "vitest";
import { POST as forgot } from "@/app/v1/auth/forgot-password/route";
import { POST as reset } from "@/app/v1/auth/reset-password/route";
import { POST as signin } from "@/app/v1/auth/signin/route";
import { POST as changePassword } from "@/app/v1/me/password/route";
import { GET as me } from "@/app/v1/me/route";
import { sessionFromCookies } from "@/lib/auth/session";
import { hashEmailToken } from "@/lib/auth/email-tokens";
import { db } from "@/lib/db/client";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { call, cookieFrom, newEmail, newIp, requestFor } from "./http";
import { tokenFromMail, mailCatcherForFile } from "./smtp";

const smtp = mailCatcherForFile();

const NEW_PASSWORD = "a brand new passphrase";

async function requestReset(email: string) {
  const res = await call(forgot, "/v1/auth/forgot-password", { body: { email }, ip: newIp() });
  expect(res.status).toBe(202);
  const mail = (await smtp.settledMailsTo(email)).filter((m) => m.subject === "Reset your password").at(-1)!;
  return tokenFromMail(mail, "/auth/reset-password");
}

const signIn = (email: string, password: string) => call(signin, "/v1/auth/signin", { body: { email, password }, ip: newIp() });

describe("forgot and reset password", () => {
  it("mails a 1-hour link; resetting sets the password and ends every session", async () => {
    const { user, password } = await createTestUser();
    const cookies = [await createSessionCookie(user.id), await createSessionCookie(user.id)];
    const token = await requestReset(user.email);
    const row = await db.emailToken.findUniqueOrThrow({ where: { tokenHash: hashEmailToken(token) } });
    expect(row.kind).toBe("reset_password");
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(3600_000 - 5_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(3600_000 + 5_000);

    const res = await call(reset, "/v1/auth/reset-password", { body: { token, password: NEW_PASSWORD }, ip: newIp() });
    expect(res.status).toBe(200);
    for (const cookie of cookies) {
      expect(await sessionFromCookies(requestFor(cookie).headers.get("cookie"))).toBeNull();
      expect((await call(me, "/v1/me", { cookie })).status).toBe(401);
    }
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await signIn(user.email, password)).status).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "auth.password_reset", targetId: user.id } });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("uses a reset link only once", async () => {
    const { user } = await createTestUser();
    const token = await requestReset(user.email);
    expect((await call(reset, "/v1/auth/reset-password", { body: { token, password: NEW_PASSWORD }, ip: newIp() })).status).toBe(200);
    const again = await call(reset, "/v1/auth/reset-password", { body: { token, password: "yet another passphrase" }, ip: newIp() });
    expect(again.status).toBe(422);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("refuses a link older than 1 hour", async () => {
    const { user, password } = await createTestUser();
    const token = await requestReset(user.email);
    await db.emailToken.update({ where: { tokenHash: hashEmailToken(token) }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await call(reset, "/v1/auth/reset-password", { body: { token, password: NEW_PASSWORD }, ip: newIp() })).status).toBe(422);
    expect((await signIn(user.email, password)).status).toBe(200);
  });

  it("a refused new password does not burn the link", async () => {
    const { user } = await createTestUser();
    const token = await requestReset(user.email);
    const weak = await call(reset, "/v1/auth/reset-password", { body: { token, password: "password1" }, ip: newIp() });
    expect(weak.status).toBe(422);
    expect((await weak.json()).error.details[0].path).toBe("password");
    expect((await call(reset, "/v1/auth/reset-password", { body: { token, password: NEW_PASSWORD }, ip: newIp() })).status).toBe(200);
  });

  it("a newer reset link replaces the older one", async () => {
    const { user } = await createTestUser();
    const first = await requestReset(user.email);
    const second = await requestReset(user.email);
    expect((await call(reset, "/v1/auth/reset-password", { body: { token: first, password: NEW_PASSWORD }, ip: newIp() })).status).toBe(422);
    expect((await call(reset, "/v1/auth/reset-password", { body: { token: second, password: NEW_PASSWORD }, ip: newIp() })).status).toBe(200);
  });

  it("verifies an unverified address (following the link proves the mailbox)", async () => {
    const { user } = await createTestUser({ verified: false });
    const token = await requestReset(user.email);
    expect((await call(reset, "/v1/auth/reset-password", { body: { token, password: NEW_PASSWORD }, ip: newIp() })).status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).not.toBeNull();
  });

  it("answers the same for a registered and an unknown email, and mails only the registered one", async () => {
    const { user } = await createTestUser();
    const unknown = newEmail("nobody");
    const a = await call(forgot, "/v1/auth/forgot-password", { body: { email: user.email }, ip: newIp() });
    const b = await call(forgot, "/v1/auth/forgot-password", { body: { email: unknown }, ip: newIp() });
    expect(a.status).toBe(b.status);
    expect(await a.json()).toEqual(await b.json());
    expect(await smtp.settledMailsTo(user.email)).toHaveLength(1);
    expect(await smtp.settledMailsTo(unknown)).toHaveLength(0);
  });
});

describe("POST /v1/me/password", () => {
  it("changes the password, keeps the current session and ends the others", async () => {
    const { user, password } = await createTestUser();
    const current = cookieFrom(await signIn(user.email, password));
    const other = cookieFrom(await signIn(user.email, password));
    const res = await call(changePassword, "/v1/me/password", { cookie: current, body: { currentPassword: password, newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(200);
    expect((await res.json()).otherSessionsEnded).toBe(1);
    expect(await sessionFromCookies(requestFor(current).headers.get("cookie"))).not.toBeNull();
    expect(await sessionFromCookies(requestFor(other).headers.get("cookie"))).toBeNull();
    expect((await call(me, "/v1/me", { cookie: other })).status).toBe(401);
    expect((await call(me, "/v1/me", { cookie: current })).status).toBe(200);
    expect((await signIn(user.email, password)).status).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
    expect((await smtp.settledMailsTo(user.email)).map((m) => m.subject)).toContain("Your password was changed");
    expect(await db.auditLog.count({ where: { action: "auth.password_changed", targetId: user.id } })).toBe(1);
  });

  it("refuses a wrong current password (422 on currentPassword) and changes nothing", async () => {
    const { user, password } = await createTestUser();
    const cookie = await createSessionCookie(user.id);
    const other = await createSessionCookie(user.id);
    const res = await call(changePassword, "/v1/me/password", { cookie, body: { currentPassword: "not my password", newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0].path).toBe("currentPassword");
    expect(await sessionFromCookies(requestFor(other).headers.get("cookie"))).not.toBeNull();
    expect((await signIn(user.email, password)).status).toBe(200);
  });

  it("applies the password rules to the new password", async () => {
    const { user, password } = await createTestUser();
    const cookie = await createSessionCookie(user.id);
    for (const newPassword of ["short12", "iloveyou", "x".repeat(129)]) {
      const res = await call(changePassword, "/v1/me/password", { cookie, body: { currentPassword: password, newPassword } });
      expect(res.status, newPassword).toBe(422);
      expect((await res.json()).error.details[0].path).toBe("newPassword");
    }
  });

  it("needs a session: 401 without one, 401 with an ended one", async () => {
    expect((await call(changePassword, "/v1/me/password", { body: { currentPassword: "a", newPassword: NEW_PASSWORD } })).status).toBe(401);
    const { user, password } = await createTestUser();
    const cookie = await createSessionCookie(user.id);
    await db.session.deleteMany({ where: { userId: user.id } });
    expect((await call(changePassword, "/v1/me/password", { cookie, body: { currentPassword: password, newPassword: NEW_PASSWORD } })).status).toBe(401);
  });
});
