import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";

// Auth.js's Prisma adapter, adjusted to this schema and its promises:
// - ids come from newId("user") (the schema has no database default);
// - emails are stored and looked up lower-cased;
// - users leave the adapter without passwordHash (Auth.js passes them to callbacks/events);
// - only identity is kept from an OAuth sign-in: login needs no Google access token, and a
//   stored token would be a third-party secret outside the vault;
// - linking Google to an existing unverified account claims it (see claimUnverifiedAccount).
// createUser is reached only from OAuth sign-ins whose email the signIn callback has
// checked as verified by the provider, so the new user is verified.

const userSelect = { id: true, email: true, name: true, image: true, emailVerified: true } as const;

function toAdapterUser(u: { id: string; email: string; name: string | null; image: string | null; emailVerified: Date | null }): AdapterUser {
  return { id: u.id, email: u.email, name: u.name, image: u.image, emailVerified: u.emailVerified };
}

/**
 * An unverified password account was created by whoever typed this address, not
 * necessarily its owner. When the owner proves the address through Google, that password
 * (and anything done with it) must not survive: drop it, end sessions, burn pending links.
 */
async function claimUnverifiedAccount(userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, emailVerified: null }, data: { emailVerified: new Date(), passwordHash: null } });
    if (count === 0) return;
    await tx.session.deleteMany({ where: { userId } });
    await tx.emailToken.deleteMany({ where: { userId, usedAt: null } });
  });
}

export function authAdapter(): Adapter {
  const base = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...base,
    async createUser(data) {
      const user = await db.user.create({
        data: { id: newId("user"), email: data.email.toLowerCase(), name: data.name ?? null, image: data.image ?? null, emailVerified: new Date() },
        select: userSelect,
      });
      return toAdapterUser(user);
    },
    async getUser(id) {
      const user = await db.user.findUnique({ where: { id }, select: userSelect });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByEmail(email) {
      const user = await db.user.findUnique({ where: { email: email.toLowerCase() }, select: userSelect });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await db.account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } }, select: { user: { select: userSelect } } });
      return account ? toAdapterUser(account.user) : null;
    },
    async linkAccount(account: AdapterAccount) {
      await db.account.create({
        data: { userId: account.userId, type: account.type, provider: account.provider, providerAccountId: account.providerAccountId, scope: typeof account.scope === "string" ? account.scope : null },
      });
      await claimUnverifiedAccount(account.userId);
    },
  };
}
