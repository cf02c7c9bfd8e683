import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record";
import type { WorkspaceScope } from "@/lib/core/scope";
import { projectCaller } from "./caller";
import type { CreatedToken } from "./create-token";
import { issueToken } from "./issue-token";
import { resolveTokenProject } from "./resolve-token-project";
import { boundExpiry, callerLimits, checkScopes, rotatedExpiry } from "./token-policy";
import { tokenAuditShape, tokenSelect, toTokenView } from "./token-view";

/**
 * Revokes one of the caller's own tokens and issues its successor with the same name,
 * scopes, project and lifetime, in one transaction. Only the owner rotates (the value is
 * returned): an admin may revoke a member's token but never obtain a new value for it.
 */
export async function rotateToken(caller: WorkspaceScope, id: string): Promise<CreatedToken> {
  const limits = callerLimits(caller.principal);
  const old = await db.apiToken.findFirst({
    where: { id, workspaceId: caller.workspace.id, userId: caller.principal.userId, kind: "personal" },
    select: tokenSelect,
  });
  if (!old) throw notFound("Token");
  if (old.revokedAt) throw new ApiError("conflict", "This token is revoked; create a new one instead");
  const now = new Date();
  // An expired token is dead like a revoked one: rotating must not bring it back.
  if (old.expiresAt && old.expiresAt.getTime() <= now.getTime()) throw new ApiError("conflict", "This token has expired; create a new one instead");
  checkScopes(limits, old.scopes);
  // Re-checked: the user may have lost access to the project since the token was made.
  const project = await resolveTokenProject(projectCaller(caller), old.projectId, limits);
  const expiresAt = boundExpiry(limits, rotatedExpiry(old, now), "cap");

  return db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: old.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      data: { revokedAt: now },
    });
    if (count === 0) throw new ApiError("conflict", "This token was revoked, rotated or expired concurrently");
    const { token, row } = await issueToken(
      { userId: old.userId, workspaceId: caller.workspace.id, name: old.name, scopes: old.scopes, projectId: project?.id ?? null, expiresAt },
      tx,
    );
    await recordAudit(
      {
        workspaceId: caller.workspace.id,
        projectId: project?.id ?? null,
        actor: caller.actor,
        action: "token.rotate",
        target: { type: "api_token", id: row.id },
        before: { id: old.id, ...tokenAuditShape({ ...old, revokedAt: now }) },
        after: { id: row.id, ...tokenAuditShape(row) },
        metadata: { previousTokenId: old.id },
        request: caller.meta,
      },
      tx,
    );
    return { ...toTokenView(row), token };
  });
}
