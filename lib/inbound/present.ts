import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import type { InboundDeliveryDto, InboundSubscriptionDto } from "@/lib/schemas/inbound";
import type { SecretRef } from "@/lib/vault";

// Every default read of a subscription uses this select: it has no `signingSecret` column,
// so a ciphertext cannot reach a response by accident.
export const subscriptionSelect = {
  id: true,
  workspaceId: true,
  projectId: true,
  workflowId: true,
  name: true,
  secretHint: true,
  tokenId: true,
  enabled: true,
  createdById: true,
  lastDeliveryAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type SubscriptionRow = {
  id: string;
  workspaceId: string;
  projectId: string;
  workflowId: string;
  name: string | null;
  secretHint: string | null;
  tokenId: string;
  enabled: boolean;
  createdById: string | null;
  lastDeliveryAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

type TokenInfo = { id: string; prefix: string; revokedAt: Date | null };

/** Where the signing secret lives, which the vault binds the ciphertext to. */
export function signingSecretRef(workspaceId: string, id: string): SecretRef {
  return { workspaceId, table: "InboundSubscription", rowId: id, column: "signingSecret" };
}

/** 32 random bytes (256 bits), base64url, with a recognisable prefix for secret scanners. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export const secretHint = (secret: string) => `…${secret.slice(-4)}`;

const ingressUrl = (origin: string, id: string) => `${origin}/v1/inbound/${id}`;

/** The bound tokens' display prefixes and revocation, for a set of subscriptions (one query). */
export async function tokenInfo(rows: Pick<SubscriptionRow, "tokenId">[], tx: Tx = db): Promise<Map<string, TokenInfo>> {
  if (rows.length === 0) return new Map();
  const tokens = await tx.apiToken.findMany({ where: { id: { in: rows.map((r) => r.tokenId) } }, select: { id: true, prefix: true, revokedAt: true } });
  return new Map(tokens.map((t) => [t.id, t]));
}

export function presentSubscription(row: SubscriptionRow, origin: string, token: TokenInfo | undefined): InboundSubscriptionDto {
  return {
    id: row.id,
    workflowId: row.workflowId,
    name: row.name,
    enabled: row.enabled,
    url: ingressUrl(origin, row.id),
    secretHint: row.secretHint,
    tokenId: row.tokenId,
    tokenPrefix: token?.prefix ?? null,
    tokenRevokedAt: token?.revokedAt?.toISOString() ?? null,
    lastDeliveryAt: row.lastDeliveryAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function presentOne(row: SubscriptionRow, origin: string, tx: Tx = db): Promise<InboundSubscriptionDto> {
  return presentSubscription(row, origin, (await tokenInfo([row], tx)).get(row.tokenId));
}

/** What the audit log keeps: never the secret or the token value. */
export function auditView(row: SubscriptionRow) {
  return { workflowId: row.workflowId, name: row.name, enabled: row.enabled, secretHint: row.secretHint, tokenId: row.tokenId };
}

export function presentDelivery(row: { id: string; status: number; reason: string; runId: string | null; idempotencyKey: string | null; createdAt: Date }): InboundDeliveryDto {
  return { id: row.id, status: row.status, reason: row.reason, runId: row.runId, idempotencyKey: row.idempotencyKey, createdAt: row.createdAt.toISOString() };
}
