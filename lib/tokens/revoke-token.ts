import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record";
import { canIn } from "@/lib/access/authorize";
import type { WorkspaceScope } from "@/lib/core/scope";
import { tokenAuditShape, tokenSelect, toTokenView, type TokenView } from "./token-view";

/**
 * Revokes a personal token of this workspace: one's own, or any member's for an admin
 * (member.update). Someone else's token, or another workspace's, is a 404. Revoking twice
 * is harmless and audited once. Authentication reads revokedAt on every request, so the
 * very next call with the token is a 401.
 */
export async function revokeToken(caller: WorkspaceScope, id: string): Promise<TokenView> {
  const admin = canIn(caller, "member.update");
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({
      where: { id, workspaceId: caller.workspace.id, kind: "personal", ...(admin ? {} : { userId: caller.principal.userId }) },
      select: tokenSelect,
    });
    if (!row) throw notFound("Token");
    if (row.revokedAt) return toTokenView(row);
    const revokedAt = new Date();
    // Conditional update: of two concurrent revocations, only one writes and audits.
    const { count } = await tx.apiToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt } });
    if (count === 0) {
      const current = await tx.apiToken.findFirstOrThrow({ where: { id: row.id }, select: tokenSelect });
      return toTokenView(current);
    }
    const revoked = { ...row, revokedAt };
    await recordAudit(
      {
        workspaceId: caller.workspace.id,
        projectId: row.projectId,
        actor: caller.actor,
        action: "token.revoke",
        target: { type: "api_token", id: row.id },
        before: tokenAuditShape(row),
        after: tokenAuditShape(revoked),
        metadata: row.userId !== caller.principal.userId ? { ownerUserId: row.userId } : undefined,
        request: caller.meta,
      },
      tx,
    );
    return toTokenView(revoked);
  });
}
