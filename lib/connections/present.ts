import type { ConnectionDto } from "@/lib/schemas/connections";
import type { SecretRef } from "@/lib/vault";

// Every default read of a connection uses this select: it has no `secret` column, so a
// ciphertext cannot leak into a response by accident.
export const connectionSelect = {
  id: true,
  workspaceId: true,
  projectId: true,
  name: true,
  type: true,
  provider: true,
  environment: true,
  status: true,
  statusReason: true,
  config: true,
  secretHint: true,
  secretVersion: true,
  scopes: true,
  lastValidatedAt: true,
  lastUsedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type ConnectionRow = {
  id: string;
  workspaceId: string;
  projectId: string;
  name: string;
  type: ConnectionDto["type"];
  provider: string;
  environment: ConnectionDto["environment"];
  status: ConnectionDto["status"];
  statusReason: string | null;
  config: unknown;
  secretHint: string | null;
  secretVersion: number;
  scopes: string[];
  lastValidatedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Where a connection's secret lives, which the vault binds the ciphertext to. */
export function connectionSecretRef(workspaceId: string, id: string): SecretRef {
  return { workspaceId, table: "Connection", rowId: id, column: "secret" };
}

export function configOf(row: Pick<ConnectionRow, "config">): Record<string, unknown> {
  return row.config && typeof row.config === "object" && !Array.isArray(row.config) ? (row.config as Record<string, unknown>) : {};
}

export function presentConnection(row: ConnectionRow): ConnectionDto {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    provider: row.provider,
    environment: row.environment,
    status: row.status,
    statusReason: row.statusReason,
    fields: configOf(row),
    secretHint: row.secretHint,
    secretVersion: row.secretVersion,
    scopes: row.scopes,
    lastValidatedAt: row.lastValidatedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audit view of a connection: what changed, never the secret or its hint. */
export function auditView(row: Pick<ConnectionRow, "name" | "type" | "provider" | "environment" | "status" | "secretVersion" | "config">) {
  return { name: row.name, type: row.type, provider: row.provider, environment: row.environment, status: row.status, secretVersion: row.secretVersion, fields: configOf(row) };
}

/** `…f3a9` for keys long enough that four characters give nothing away; databases show where they point. */
export function secretHint(type: ConnectionDto["type"], provider: string, secret: string | undefined): string | null {
  if (!secret) return null;
  if (type === "database") return databaseHint(provider, secret);
  return secret.length >= 16 ? `…${secret.slice(-4)}` : "…";
}

function databaseHint(provider: string, secret: string): string | null {
  if (provider === "firestore") {
    try {
      const sa = JSON.parse(secret) as { client_email?: unknown };
      return typeof sa.client_email === "string" ? sa.client_email.slice(0, 200) : null;
    } catch {
      return null;
    }
  }
  try {
    const u = new URL(secret);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ""}${u.host}${u.pathname.length > 1 ? u.pathname : ""}`.slice(0, 200);
  } catch {
    return null;
  }
}
