import { asJson } from "@/lib/db/json";
import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { RequestMeta } from "@/lib/core/scope";

/** Who acted on the platform: an operator's token on /v1/platform, or the CLI on the host. */
export type PlatformActor = { type: "platform_token"; tokenId: string; label: string } | { type: "cli"; label: string | null };

export type PlatformAuditEntry = {
  actor: PlatformActor;
  action: string;
  target?: { type: string; id: string } | null;
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown>;
  request?: Partial<RequestMeta> | null;
};

const json = (v: unknown) => (v === undefined || v === null ? undefined : asJson(v));

/**
 * Appends one entry to platform_audit_log (append-only: a trigger refuses UPDATE, DELETE and
 * TRUNCATE). Pass the transaction that made the change so both commit together. Never secrets.
 */
export async function recordPlatformAudit(entry: PlatformAuditEntry, tx: Tx = db): Promise<string> {
  const id = newId("platformAudit");
  await tx.platformAuditLog.create({
    data: {
      id,
      actorType: entry.actor.type,
      actorId: entry.actor.type === "platform_token" ? entry.actor.tokenId : null,
      actorLabel: entry.actor.label,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.request?.ip ?? null,
      userAgent: entry.request?.userAgent?.slice(0, 512) ?? null,
      requestId: entry.request?.requestId ?? null,
      before: json(entry.before),
      after: json(entry.after),
      metadata: json(entry.metadata),
    },
  });
  return id;
}
