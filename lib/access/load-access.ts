import { pgPool } from "@/lib/db/pool";
import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";
import type { TokenKindName, TokenRow } from "./principal";
import type { MembershipRow, ProjectRow } from "./tenancy";
import type { TenantStatement } from "./tenant-statement";

// Everything an API request's authorization reads, in one statement: the credential's row (a
// token, or a console session), the caller's membership of the workspace, the project and
// their membership of it. Read on every request, never cached, so a revoked token, an ended
// session, a removed member, a demotion or a disabled account (User.disabledAt: its tokens and
// sessions find no row) counts from the very next call. The rules applied to
// these rows are the ones the console applies to its own lookups (tokens, tenancy).

/** The credential presented: a well-formed PAT's hash, or a decoded session cookie's id. */
export type Credential = { type: "token"; tokenHash: string } | { type: "session"; sessionId: string };

/** How far to look: the workspace (by slug, or a token's own) and the project (by slug or id, or a restricted token's own). */
export type AccessLookup = { workspace: boolean; slug: string | null; project: boolean; projectKey: string | null };

export type AccessRows = {
  token: TokenRow | null;
  session: { userId: string; expires: Date } | null;
  membership: MembershipRow | null;
  project: ProjectRow | null;
};

// A named statement: each pooled connection parses and plans it once. Lateral joins keep the
// lookups' LIMIT 1 semantics (findFirst); timestamps come back as epoch milliseconds because
// the columns are `timestamp without time zone` holding UTC, which pg would read as local time.
// `projectKey` is the SQL expression naming the project (its slug or id): the API's parameter $6,
// or a column of an enclosing statement (the inbound ingress reads its subscription with it:
// lib/inbound/delivery-target.ts), so both run these very rules. `first`: the number of its
// first parameter (credential hash, session id, look up a workspace?, slug, look up a project?),
// for a statement that has parameters of its own before them.
export const accessSql = (projectKey: string, first = 1) => `
SELECT c.*, m.role AS "workspaceRole", m.id AS "wsId", m.slug AS "wsSlug", m.name AS "wsName",
       pr.id AS "projId", pr.slug AS "projSlug", pr.name AS "projName", pr."isDefault" AS "projIsDefault", pr.role AS "projectMemberRole"
FROM (
  SELECT t.id AS "tokenId", t.name AS "tokenName", t."userId", t."workspaceId" AS "tokenWorkspaceId", t."projectId" AS "tokenProjectId",
         t.scopes, t.kind::text AS kind, (extract(epoch FROM t."expiresAt") * 1000)::float8 AS "expiresMs",
         (extract(epoch FROM t."revokedAt") * 1000)::float8 AS "revokedMs", (extract(epoch FROM t."lastUsedAt") * 1000)::float8 AS "lastUsedMs",
         NULL::float8 AS "sessionExpiresMs", tw."deletionScheduledFor" IS NOT NULL AS "tokenWorkspacePending"
  FROM "ApiToken" t JOIN "User" tu ON tu.id = t."userId" AND tu."disabledAt" IS NULL
  JOIN "Workspace" tw ON tw.id = t."workspaceId"
  WHERE $${first}::text IS NOT NULL AND t."tokenHash" = $${first}::text
  UNION ALL
  SELECT NULL, NULL, s."userId", NULL, NULL, NULL, NULL, NULL, NULL, NULL, (extract(epoch FROM s.expires) * 1000)::float8, false
  FROM "Session" s JOIN "User" su ON su.id = s."userId" AND su."disabledAt" IS NULL
  WHERE $${first + 1}::text IS NOT NULL AND s."sessionToken" = $${first + 1}::text
) c
LEFT JOIN LATERAL (
  SELECT wm.role::text AS role, w.id, w.slug, w.name
  FROM "WorkspaceMember" wm JOIN "Workspace" w ON w.id = wm."workspaceId"
  WHERE $${first + 2}::boolean AND wm."userId" = c."userId"
    AND (c."tokenWorkspaceId" IS NULL OR wm."workspaceId" = c."tokenWorkspaceId")
    AND ($${first + 3}::text IS NULL OR w.slug = $${first + 3}::text)
  LIMIT 1
) m ON true
LEFT JOIN LATERAL (
  SELECT p.id, p.slug, p.name, p."isDefault", pm.role::text AS role
  FROM "Project" p LEFT JOIN "ProjectMember" pm ON pm."projectId" = p.id AND pm."userId" = c."userId"
  WHERE $${first + 4}::boolean AND p."workspaceId" = m.id
    AND CASE WHEN ${projectKey} IS NOT NULL THEN (p.slug = ${projectKey} OR p.id = ${projectKey}) ELSE p.id = c."tokenProjectId" END
  ORDER BY p.id = ${projectKey} DESC
  LIMIT 1
) pr ON true`;

const ACCESS_SQL = accessSql("$6::text");

/** The columns accessSql selects (null throughout when an enclosing statement's lateral join found no credential). */
export type AccessRow = {
  tokenId: string | null;
  tokenName: string | null;
  userId: string | null;
  tokenWorkspaceId: string | null;
  tokenProjectId: string | null;
  scopes: string[] | null;
  kind: string | null;
  expiresMs: number | null;
  revokedMs: number | null;
  lastUsedMs: number | null;
  sessionExpiresMs: number | null;
  tokenWorkspacePending: boolean;
  workspaceRole: string | null;
  wsId: string | null;
  wsSlug: string | null;
  wsName: string | null;
  projId: string | null;
  projSlug: string | null;
  projName: string | null;
  projIsDefault: boolean | null;
  projectMemberRole: string | null;
};

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The rows behind a credential, one round trip. Nulls where nothing was found (or nothing was asked). */
export async function loadAccess(credential: Credential, lookup: AccessLookup): Promise<AccessRows> {
  return (await loadAccessWith(credential, lookup, null)).rows;
}

// The access statement's own columns name the tenant a statement run under it reads: the
// workspace and project found for the caller (null, so nothing, when none was found).
const UNDER_TENANT = { workspaceId: 'acc."wsId"', projectId: 'acc."projId"' };

/** The API's access statement ($1–$6), with `under` read for the tenant it finds (its parameters from $7). */
export function accessStatementText(under?: TenantStatement<unknown>): string {
  return under ? `SELECT acc.*, (${under.sql(UNDER_TENANT, 7)}) AS "underAccess" FROM (${ACCESS_SQL}) acc` : ACCESS_SQL;
}

/**
 * The rows behind a credential and, in the same statement, `under` read for the workspace and
 * project those rows name (lib/access/tenant-statement.ts). The caller applies its rules to
 * `rows` first and uses `result` only when they allow the request. `result` is undefined
 * without `under`, or when no credential row was found.
 */
export async function loadAccessWith<T>(credential: Credential, lookup: AccessLookup, under: TenantStatement<T> | null): Promise<{ rows: AccessRows; result: T | undefined }> {
  const values = [
    credential.type === "token" ? credential.tokenHash : null,
    credential.type === "session" ? credential.sessionId : null,
    lookup.workspace,
    lookup.slug,
    lookup.workspace && lookup.project,
    lookup.projectKey,
  ];
  if (!under) {
    const { rows } = await pgPool().query<AccessRow>({ name: "ar_load_access_v3", text: accessStatementText(), values });
    return { rows: accessRowsOf(credential, rows[0]), result: undefined };
  }
  const { rows } = await pgPool().query<AccessRow & { underAccess: unknown }>({
    name: `ar_access+${under.name}`,
    text: accessStatementText(under),
    values: [...values, ...under.values],
  });
  const r = rows[0];
  return { rows: accessRowsOf(credential, r), result: r ? under.read(r.underAccess) : undefined };
}

/** The rows a credential's accessSql row stands for. */
export function accessRowsOf(credential: Credential, r: AccessRow | undefined): AccessRows {
  if (!r || r.userId === null) return { token: null, session: null, membership: null, project: null };
  return {
    token:
      credential.type === "token" && r.tokenId
        ? {
            id: r.tokenId,
            name: r.tokenName!,
            userId: r.userId,
            workspaceId: r.tokenWorkspaceId!,
            projectId: r.tokenProjectId,
            scopes: r.scopes ?? [],
            kind: r.kind as TokenKindName,
            expiresAt: date(r.expiresMs),
            revokedAt: date(r.revokedMs),
            lastUsedAt: date(r.lastUsedMs),
            workspacePendingDeletion: r.tokenWorkspacePending,
          }
        : null,
    session: credential.type === "session" && r.sessionExpiresMs !== null ? { userId: r.userId, expires: new Date(r.sessionExpiresMs) } : null,
    membership: r.wsId ? { role: r.workspaceRole as WorkspaceRole, workspace: { id: r.wsId, slug: r.wsSlug!, name: r.wsName! } } : null,
    project: r.projId
      ? { id: r.projId, slug: r.projSlug!, name: r.projName!, isDefault: r.projIsDefault!, memberRole: r.projectMemberRole as ProjectRole | null }
      : null,
  };
}
