import type { AuditActor, Caller, RequestMeta } from "@/lib/core/scope";

// Who is calling, once authenticated: a console session or a personal access token, both
// acting for one user. How a principal is read off a request is the HTTP adapter's
// (lib/api/principal.ts); what it may do is lib/authz's.

type SessionPrincipal = { type: "session"; userId: string; sessionId: string };

export type TokenKindName = "personal" | "automation";

/** A personal access token (or a workflow's automation token) as lib/tokens/authenticate.ts resolves it. */
export type TokenPrincipal = {
  type: "token";
  tokenId: string;
  tokenName: string;
  userId: string;
  workspaceId: string;
  projectId: string | null;
  scopes: string[];
  kind: TokenKindName;
  expiresAt: Date | null;
};
export type Principal = SessionPrincipal | TokenPrincipal;

/** The columns of a token row that authenticating it reads (lib/tokens/authenticate.ts), however it was loaded. */
export type TokenRow = {
  id: string;
  name: string;
  userId: string;
  workspaceId: string;
  projectId: string | null;
  scopes: string[];
  kind: TokenKindName;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** The token's workspace is in its deletion grace window: the token answers 403 workspace_pending_deletion. */
  workspacePendingDeletion?: boolean;
};

export function auditActor(p: Principal): AuditActor {
  return p.type === "token"
    ? { type: "token", tokenId: p.tokenId, userId: p.userId, label: p.tokenName }
    : { type: "user", userId: p.userId };
}

/** A session acts with every scope; a token with its own. */
export function principalScopes(p: Principal): readonly string[] | null {
  return p.type === "token" ? p.scopes : null;
}

/** A user acting from the console (server components, server actions): a session, every scope. */
export function consoleCaller(userId: string, meta?: RequestMeta | null): Caller {
  return { actor: { type: "user", userId }, meta: meta ?? null, principal: { type: "session", userId } };
}
