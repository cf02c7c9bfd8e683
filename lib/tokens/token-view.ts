import type { Prisma } from "@/lib/generated/prisma/client";

// The columns a token is ever read with outside authentication: never the hash.
export const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  userId: true,
  projectId: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  project: { select: { id: true, slug: true, name: true } },
} satisfies Prisma.ApiTokenSelect;

export type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSelect }>;

export type TokenView = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  userId: string;
  project: { id: string; slug: string; name: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export function toTokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    userId: row.userId,
    project: row.project,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

/** What the audit log keeps about a token: enough to recognise it, nothing to use it. */
export function tokenAuditShape(row: TokenRow) {
  return {
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    userId: row.userId,
    projectId: row.projectId,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}
