import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/core/scope";
import type { SignUpInput } from "@/lib/schemas/auth";
import { sendMail } from "@/lib/mail/send";
import { accountExistsMail, verifyEmailMail } from "@/lib/mail/templates";
import { hashPassword } from "./password-hash";
import { assertAcceptablePassword } from "./password-policy";
import { issueEmailToken } from "./email-tokens";
import { authLimits, consumeAuthLimits, ipKey, withLimitHeaders } from "./rate-limits";

export const SIGN_UP_ACCEPTED = "Check your inbox: we sent a link to confirm your email address." as const;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

/**
 * Creates an unverified account and mails a verification link. The caller's answer is the
 * same whether or not the email is registered (the owner of an existing account gets a
 * "you already have an account" mail instead), so sign-up cannot enumerate accounts.
 *
 * An existing *unverified* account belongs to nobody yet: the latest sign-up's password
 * replaces it and earlier verification links stop working, so whoever pre-registers
 * someone else's address cannot keep a password on the account its owner later confirms.
 */
export async function signUp(input: SignUpInput, meta: RequestMeta): Promise<{ headers: Record<string, string> }> {
  const headers = await consumeAuthLimits([[authLimits.signUpIp(), ipKey(meta)]]);
  await withLimitHeaders(headers, () => createOrRefreshAccount(input, meta));
  return { headers };
}

async function createOrRefreshAccount(input: SignUpInput, meta: RequestMeta): Promise<void> {
  assertAcceptablePassword(input.password, input.email);
  // Hash before the lookup so known and unknown emails take the same time.
  const passwordHash = await hashPassword(input.password);

  const outcome = await db
    .$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, emailVerified: true } });
      if (existing?.emailVerified) return { kind: "exists" as const };
      const now = new Date();
      const user = existing
        ? await tx.user.update({ where: { id: existing.id }, data: { passwordHash, passwordChangedAt: now, name: input.name ?? undefined } })
        : await tx.user.create({ data: { id: newId("user"), email: input.email, name: input.name ?? null, passwordHash, passwordChangedAt: now } });
      const token = await issueEmailToken(user.id, "verify_email", tx);
      await recordAudit(
        { actor: { type: "user", userId: user.id, label: user.email }, action: "auth.sign_up", target: { type: "user", id: user.id }, metadata: { repeated: !!existing }, request: meta },
        tx,
      );
      return { kind: "created" as const, token };
    })
    .catch((err) => {
      // Two sign-ups racing for one address: the loser answers like any existing email.
      if (isUniqueViolation(err)) return { kind: "exists" as const };
      throw err;
    });

  await sendMail(outcome.kind === "created" ? verifyEmailMail(input.email, outcome.token) : accountExistsMail(input.email));
}
