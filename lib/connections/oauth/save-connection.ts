import type { IDToken, TokenEndpointResponse } from "oauth4webapi";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestMeta } from "@/lib/core/scope";
import { newId } from "@/lib/core/ids";
import type { OAuthProviderId } from "./providers";
import type { PendingState, StatePayload } from "./state-store";
import { revokeReleasedTokens, tokensOf } from "./revoke-tokens";
import { expiresAtFrom, grantedScopes, sealTokens, tokensFrom } from "./token-secret";

type SaveResult = { ok: true; id: string } | { ok: false; code: "name_taken" | "connection_gone" };

function accountOf(claims: IDToken | undefined) {
  if (!claims) return null;
  return { sub: claims.sub, ...(typeof claims.email === "string" ? { email: claims.email } : {}), ...(typeof claims.name === "string" ? { name: claims.name } : {}) };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === "P2002";

/**
 * Stores the tokens of a finished authorization: a new connection, or the same connection
 * reconnected in place (same id, new tokens, active again). Change and audit commit together.
 */
export async function saveOAuthConnection(input: {
  row: PendingState;
  payload: StatePayload;
  tokens: TokenEndpointResponse;
  claims: IDToken | undefined;
  provider: OAuthProviderId;
  meta: RequestMeta;
}): Promise<SaveResult> {
  const { row, payload, tokens, provider, meta } = input;
  const account = accountOf(input.claims);
  const fields = {
    status: "active" as const,
    statusReason: null,
    scopes: grantedScopes(tokens, payload.scopes),
    accessTokenExpiresAt: expiresAtFrom(tokens),
    lastValidatedAt: new Date(),
  };
  const config = { scopeKeys: payload.scopeKeys, ...(account ? { account } : {}) } as Prisma.InputJsonObject;
  const actor = { type: "user" as const, userId: row.userId };
  const audit = { workspaceId: row.workspaceId, projectId: row.projectId, actor, request: meta };
  // Reconnecting replaces the connection's tokens: the old grant is revoked once the new one is stored.
  let released: Parameters<typeof revokeReleasedTokens>[0] | null = null;
  try {
    const result = await db.$transaction(async (tx) => {
      if (row.connectionId) {
        const before = await tx.connection.findFirst({
          where: { id: row.connectionId, workspaceId: row.workspaceId, projectId: row.projectId, type: "oauth2", provider },
          select: { id: true, workspaceId: true, projectId: true, name: true, status: true, statusReason: true, environment: true, secretVersion: true, secret: true },
        });
        if (!before) return { ok: false, code: "connection_gone" } as const;
        released = { id: before.id, workspaceId: before.workspaceId, projectId: before.projectId, provider, tokens: await tokensOf(before) };
        const secret = await sealTokens(before, tokensFrom(tokens), tx);
        await tx.connection.update({
          where: { id: before.id },
          data: { ...fields, secret, secretVersion: before.secretVersion + 1, name: payload.name, environment: payload.environment, config },
        });
        await notifyGateway(tx, { kind: "tools", projectId: row.projectId });
        await recordAudit({
          ...audit,
          action: "connection.reconnected",
          target: { type: "connection", id: before.id },
          before: { name: before.name, status: before.status, statusReason: before.statusReason, environment: before.environment },
          after: { name: payload.name, status: "active", environment: payload.environment, scopes: fields.scopes },
          metadata: { provider },
        }, tx);
        return { ok: true, id: before.id } as const;
      }
      const id = newId("connection");
      const secret = await sealTokens({ id, workspaceId: row.workspaceId }, tokensFrom(tokens), tx);
      await tx.connection.create({
        data: { id, workspaceId: row.workspaceId, projectId: row.projectId, name: payload.name, type: "oauth2", provider, environment: payload.environment, ...fields, secret, secretVersion: 1, config, createdById: row.userId },
      });
      await recordAudit({
        ...audit,
        action: "connection.oauth_connected",
        target: { type: "connection", id },
        after: { name: payload.name, type: "oauth2", provider, environment: payload.environment, status: "active", scopes: fields.scopes },
        metadata: { provider, account: account?.email ?? null },
      }, tx);
      return { ok: true, id } as const;
    });
    if (result.ok && released) await revokeReleasedTokens(released, { actor, meta, kept: tokensFrom(tokens) });
    return result;
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, code: "name_taken" };
    throw err;
  }
}
