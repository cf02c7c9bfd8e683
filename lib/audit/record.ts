import type { Prisma } from "@/lib/generated/prisma/client";
import { asJson } from "@/lib/db/json";
import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { AuditActor, RequestMeta } from "@/lib/core/scope";
import { coalesceIntoRecentEntry } from "./coalesce";
import { displayIp } from "./display-ip";
import { targetLabelOf } from "./target-label";


/** The person behind an actor (a user, or a token's owner); null for the system and anonymous callers. */
export function actorUserId(actor: AuditActor): string | null {
  return actor.type === "user" || actor.type === "token" ? actor.userId : null;
}

type AuditEntry = {
  workspaceId?: string | null;
  projectId?: string | null;
  actor: AuditActor;
  action: string;
  /** label: the target's name now (derived from after/before's name or email when absent). */
  target?: { type: string; id: string; label?: string | null } | null;
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown>;
  request?: Partial<RequestMeta> | null;
  /** Repeated saves (autosave) fold into the entry of their window: lib/audit/coalesce.ts. */
  coalesce?: boolean;
};

function json(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : asJson(value);
}

function actorFields(actor: AuditActor) {
  switch (actor.type) {
    case "user":
      return { actorType: "user", actorId: actor.userId, actorLabel: actor.label ?? null };
    case "token":
      return { actorType: "token", actorId: actor.tokenId, actorLabel: actor.label ?? null, userId: actor.userId };
    default:
      return { actorType: actor.type, actorId: null, actorLabel: actor.label ?? null };
  }
}

/**
 * Appends one audit entry. Pass the transaction that made the change so the entry and the
 * change commit together. Callers must never put secrets in before/after/metadata.
 */
export async function recordAudit(entry: AuditEntry, tx: Tx = db): Promise<void> {
  const { actorType, actorId } = actorFields(entry.actor);
  const key = { workspaceId: entry.workspaceId ?? null, action: entry.action, actorType, actorId, targetType: entry.target?.type ?? null, targetId: entry.target?.id ?? null };
  if (entry.coalesce && (await coalesceIntoRecentEntry(tx, key))) return;
  await tx.auditLog.create({ data: auditRowOf(entry) });
}

/** The AuditLog row of an entry (what recordAudit inserts; the SQL function run_finish inserts it as JSON). */
export function auditRowOf(entry: AuditEntry) {
  const { userId, ...actor } = actorFields(entry.actor) as ReturnType<typeof actorFields> & { userId?: string };
  return {
    id: newId("audit"),
    workspaceId: entry.workspaceId ?? null,
    projectId: entry.projectId ?? null,
    ...actor,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetLabel: targetLabelOf(entry),
    ip: displayIp(entry.request?.ip),
    userAgent: entry.request?.userAgent?.slice(0, 512) ?? null,
    requestId: entry.request?.requestId ?? null,
    before: json(entry.before),
    after: json(entry.after),
    metadata: json(userId ? { ...entry.metadata, onBehalfOfUserId: userId } : entry.metadata),
  };
}

/** An entry of what a caller did in its scope. */
type ScopedEntry = Omit<AuditEntry, "workspaceId" | "projectId" | "actor" | "request">;

/**
 * recordAudit for a caller acting in its scope: the workspace, the project (when the scope
 * has one), the actor and the request all come from the scope.
 */
export function recordScopedAudit(
  scope: { workspace: { id: string }; project?: { id: string }; actor: AuditActor; meta?: RequestMeta | null },
  entry: ScopedEntry,
  tx: Tx = db,
): Promise<void> {
  return recordAudit({ workspaceId: scope.workspace.id, projectId: scope.project?.id ?? null, actor: scope.actor, request: scope.meta ?? null, ...entry }, tx);
}
