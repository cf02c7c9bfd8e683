import { recordAudit } from "@/lib/audit/record";
import { type AuditActor } from "@/lib/core/scope";
import type { RequestMeta } from "@/lib/core/scope";
import { logger } from "@/lib/core/logger";
import { ApiError } from "@/lib/core/errors";

/** What the wrapper knows about the caller when a handler fails; filled in as it is resolved. */
export type DenialScope = { actor: AuditActor | null; workspaceId: string | null; projectId: string | null; action: string | null };

export const emptyDenialScope = (): DenialScope => ({ actor: null, workspaceId: null, projectId: null, action: null });

/**
 * The one place 403s are audited: the route wrapper calls this for every error it answers, so
 * no refusal — the permission table's, a domain rule's (self-approval, owner rules), the
 * same-origin check's — can skip its `authz.denied` row. Written outside any transaction the
 * handler had open (that one rolled back). A failed write is logged; the answer stays 403.
 */
export async function auditDenial(err: unknown, scope: DenialScope, req: Request, meta: RequestMeta): Promise<void> {
  if (!(err instanceof ApiError) || err.status !== 403) return;
  const { pathname } = new URL(req.url);
  try {
    await recordAudit({
      workspaceId: err.denial?.workspaceId ?? scope.workspaceId,
      projectId: err.denial?.workspaceId ? null : scope.projectId,
      actor: scope.actor ?? { type: "anonymous" },
      action: "authz.denied",
      metadata: {
        attempted: err.denial?.attempted ?? scope.action ?? `${req.method} ${pathname}`,
        reason: err.denial?.reason ?? err.code,
        message: err.message,
        method: req.method,
        path: pathname,
      },
      request: meta,
    });
  } catch (auditErr) {
    logger.error("could not audit a denial", { requestId: meta.requestId, err: auditErr });
  }
}
