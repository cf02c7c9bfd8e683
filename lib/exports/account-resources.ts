import { db } from "@/lib/db/client";
import { keyset, type ExportResource } from "./rows";

// A user's own account data: profile, sign-in methods and sessions (metadata), memberships,
// their API tokens (metadata) and the audit entries where they are the actor, in any workspace.
export function accountResources(userId: string): ExportResource[] {
  const mine = { userId };
  return [
    keyset("profile", db.user, { where: { id: userId }, key: ["id"], omit: { passwordHash: true } }),
    keyset("linked_accounts", db.account, {
      where: mine,
      key: ["provider", "providerAccountId"],
      cursorName: "provider_providerAccountId",
      omit: { access_token: true, refresh_token: true, id_token: true, session_state: true },
    }),
    {
      // Few rows per user; the session token itself is a credential and stays out.
      name: "sessions",
      async *pages() {
        yield await db.session.findMany({ where: mine, select: { createdAt: true, expires: true, ip: true, userAgent: true }, orderBy: { createdAt: "asc" }, take: 1000 });
      },
    },
    keyset("workspace_memberships", db.workspaceMember, {
      where: mine,
      key: ["workspaceId", "userId"],
      cursorName: "workspaceId_userId",
      include: { workspace: { select: { id: true, slug: true, name: true } } },
    }),
    keyset("project_memberships", db.projectMember, { where: mine, key: ["projectId", "userId"], cursorName: "projectId_userId" }),
    keyset("api_tokens", db.apiToken, { where: mine, key: ["id"], omit: { tokenHash: true } }),
    // As themselves (a session) or through one of their tokens (the entry names the token and, in
    // its metadata, the user it acted for).
    keyset("audit_entries", db.auditLog, {
      where: { OR: [{ actorType: "user", actorId: userId }, { metadata: { path: ["onBehalfOfUserId"], equals: userId } }] },
      key: ["id"],
    }),
  ];
}

export const ACCOUNT_EXCLUSIONS = [
  "Your password hash, session tokens and the OAuth tokens of linked sign-in accounts",
  "API token hashes (metadata and display prefixes are included)",
  "Workspace content: ask a workspace's owner or tenant admin for a workspace export",
];
