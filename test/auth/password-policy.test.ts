// Passwords: 7 characters refused, 8 and 64 accepted, 129 refused, nothing truncated,
// common passwords and the email itself refused — in the policy and through sign-up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { passwordProblem } from "@/lib/auth/password-policy";
import { POST as signup } from "@/app/v1/auth/signup/route";
import { db } from "@/lib/db/client";
import { call, newEmail, newIp } from "./http";
import { startSmtp } from "./smtp";

const strong = (n: number) => "Zq7!xW2@pL9#mN4$kR8%tV3^bY6&cH1*".repeat(5).slice(0, n);

describe("password policy", () => {
  it("refuses 7 characters, accepts 8 and 64, refuses 129", () => {
    expect(passwordProblem(strong(7))).toMatch(/at least 8/);
    expect(passwordProblem(strong(8))).toBeNull();
    expect(passwordProblem(strong(64))).toBeNull();
    expect(passwordProblem(strong(128))).toBeNull();
    expect(passwordProblem(strong(129))).toMatch(/at most 128/);
  });

  it("refuses common passwords whatever their case", () => {
    for (const p of ["password", "12345678", "qwertyuiop", "Password1", "iloveyou", "Trustno1"]) {
      expect(passwordProblem(p), p).toMatch(/too common/);
    }
  });

  it("refuses the email address (or its local part) as the password", () => {
    expect(passwordProblem("ada.lovelace@example.com", "Ada.Lovelace@example.com")).toMatch(/email/);
    expect(passwordProblem("ada.lovelace", "ada.lovelace@example.com")).toMatch(/email/);
  });

  it("hashes with argon2id and never truncates: a 64-char password works, its last character changed fails", async () => {
    const pw = strong(64);
    const hash = await hashPassword(pw);
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, pw)).toBe(true);
    expect(await verifyPassword(hash, pw.slice(0, 63) + "?")).toBe(false);
    expect(await verifyPassword(hash, pw.slice(0, 63))).toBe(false);
    // Well past bcrypt's 72-byte limit: the tail still matters.
    const long = strong(128);
    const longHash = await hashPassword(long);
    expect(await verifyPassword(longHash, long.slice(0, 127) + "x")).toBe(false);
  });

  it("treats a malformed stored hash as a wrong password", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
  });
});

describe("POST /v1/auth/signup password rules", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await smtp.stop();
  });

  const attempt = (password: string, email = newEmail("pw")) => call(signup, "/v1/auth/signup", { body: { email, password }, ip: newIp() });

  it("answers 422 with the field for 7 characters, 129 characters and a common password", async () => {
    for (const password of [strong(7), strong(129), "password123"]) {
      const res = await attempt(password);
      expect(res.status, password).toBe(422);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.details[0].path).toBe("password");
    }
  });

  it("accepts 8 and 64 characters, storing only an argon2id hash", async () => {
    for (const n of [8, 64]) {
      const email = newEmail("ok");
      const res = await attempt(strong(n), email);
      expect(res.status).toBe(202);
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user.passwordHash).not.toContain(strong(n));
      expect(await verifyPassword(user.passwordHash!, strong(n))).toBe(true);
    }
  });

  it("refuses a password equal to the email", async () => {
    const email = newEmail("same");
    const res = await attempt(email, email);
    expect(res.status).toBe(422);
  });
});
