import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import type { Caller, WorkspaceScope } from "@/lib/core/scope";
import type { DataExportDto } from "@/lib/schemas/exports";
import { queueDataExport } from "./export-worker";
import { presentExport } from "./present";

// One export in progress at a time per workspace (and per user for account exports): a second
// request while one is queued or running is a 409 naming it. The check and the insert hold a
// transaction-scoped advisory lock on the subject, so two concurrent requests make one export.
// An export still unfinished after STALE_MS (its job lost beyond retries) no longer blocks.

const STALE_MS = 2 * 3600_000;

type Subject = { kind: "workspace"; workspaceId: string } | { kind: "account" };

async function start(caller: Caller, subject: Subject): Promise<DataExportDto> {
  const userId = caller.principal.userId;
  const lockKey = subject.kind === "workspace" ? `export:${subject.workspaceId}` : `export:user:${userId}`;
  const where = subject.kind === "workspace" ? { workspaceId: subject.workspaceId, kind: "workspace" } : { userId, kind: "account" };
  const exp = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
    const busy = await tx.dataExport.findFirst({ where: { ...where, status: { in: ["queued", "running"] }, createdAt: { gt: new Date(Date.now() - STALE_MS) } }, select: { id: true } });
    if (busy) throw new ApiError("conflict", `An export is already in progress (${busy.id}); wait for it to finish`);
    const created = await tx.dataExport.create({
      data: { id: newId("dataExport"), kind: subject.kind, workspaceId: subject.kind === "workspace" ? subject.workspaceId : null, userId },
    });
    await recordAudit(
      {
        workspaceId: subject.kind === "workspace" ? subject.workspaceId : null,
        actor: caller.actor,
        action: subject.kind === "workspace" ? "workspace.export" : "account.export",
        target: { type: "data_export", id: created.id },
        request: caller.meta ?? null,
      },
      tx,
    );
    return created;
  });
  try {
    await queueDataExport(exp.id);
  } catch (err) {
    // Not left queued forever (it would block the next request): failed, and the error surfaces.
    await db.dataExport.update({ where: { id: exp.id }, data: { status: "failed", error: "The export could not be queued. Start a new one.", finishedAt: new Date() } });
    throw err;
  }
  return presentExport(exp, caller.meta);
}

/** POST /v1/workspaces/current/export: everything the workspace owns, secrets excepted. */
export function startWorkspaceExport(scope: WorkspaceScope): Promise<DataExportDto> {
  return start(scope, { kind: "workspace", workspaceId: scope.workspace.id });
}

/** POST /v1/me/export: the caller's own account data. */
export function startAccountExport(caller: Caller): Promise<DataExportDto> {
  return start(caller, { kind: "account" });
}
