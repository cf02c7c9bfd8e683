import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { PlatformUserListQuery, PlatformUserResponse } from "@/lib/schemas/platform";

// Users as an operator sees them: who they are, whether they may sign in, and how much they
// hold (counts). Never a secret (password hash, token hashes, session ids).

export const platformUserSelect = {
  id: true,
  email: true,
  name: true,
  emailVerified: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  _count: { select: { memberships: true, tokens: { where: { revokedAt: null } }, sessions: true } },
} satisfies Prisma.UserSelect;

type Row = Prisma.UserGetPayload<{ select: typeof platformUserSelect }>;

export function toPlatformUser(r: Row): PlatformUserResponse {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    emailVerified: r.emailVerified !== null,
    status: r.disabledAt ? "disabled" : "active",
    disabledAt: r.disabledAt?.toISOString() ?? null,
    disabledReason: r.disabledReason,
    createdAt: r.createdAt.toISOString(),
    counts: { workspaces: r._count.memberships, activeTokens: r._count.tokens, sessions: r._count.sessions },
  };
}

function searchWhere(q: PlatformUserListQuery): Prisma.UserWhereInput {
  const where: Prisma.UserWhereInput[] = [];
  if (q.q) where.push({ OR: [{ id: q.q }, { email: { contains: q.q, mode: "insensitive" } }, { name: { contains: q.q, mode: "insensitive" } }] });
  if (q.status) where.push({ disabledAt: q.status === "disabled" ? { not: null } : null });
  return { AND: where };
}

/** GET /v1/platform/users: every user, newest first, searched and filtered, cursor-paginated. */
export async function listPlatformUsers(q: PlatformUserListQuery) {
  const rows = await db.user.findMany({ where: { AND: [searchWhere(q), cursorWhere(q)] }, select: platformUserSelect, ...pageArgs(q) });
  return toPage(rows.map(toPlatformUser), q);
}

export async function getPlatformUserOrThrow(id: string): Promise<PlatformUserResponse> {
  const row = await db.user.findUnique({ where: { id }, select: platformUserSelect });
  if (!row) throw notFound("User");
  return toPlatformUser(row);
}
