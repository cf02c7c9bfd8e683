import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { CreateTokenBody } from "@/lib/schemas/tokens";
import type { WorkspaceScope } from "@/lib/core/scope";
import { projectCaller } from "./caller";
import { issueToken } from "./issue-token";
import { resolveTokenProject } from "./resolve-token-project";
import { boundExpiry, callerLimits, checkScopes, requestedExpiry } from "./token-policy";
import { tokenAuditShape, toTokenView, type TokenView } from "./token-view";

export type CreatedToken = TokenView & { token: string };

/** POST /v1/tokens: a personal token of the caller in the caller's workspace. */
export async function createToken(caller: WorkspaceScope, body: CreateTokenBody): Promise<CreatedToken> {
  const limits = callerLimits(caller.principal);
  checkScopes(limits, body.scopes);
  const project = await resolveTokenProject(projectCaller(caller), body.projectId ?? null, limits);
  const expiresAt = boundExpiry(limits, requestedExpiry(body, new Date()), "reject");

  return db.$transaction(async (tx) => {
    const { token, row } = await issueToken(
      { userId: caller.principal.userId, workspaceId: caller.workspace.id, name: body.name, scopes: body.scopes, projectId: project?.id ?? null, expiresAt },
      tx,
    );
    await recordAudit(
      {
        workspaceId: caller.workspace.id,
        projectId: project?.id ?? null,
        actor: caller.actor,
        action: "token.create",
        target: { type: "api_token", id: row.id },
        after: tokenAuditShape(row),
        request: caller.meta,
      },
      tx,
    );
    return { ...toTokenView(row), token };
  });
}
