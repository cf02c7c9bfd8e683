import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { timestamp } from "./common";

// The operator API (/v1/platform/*): account-level metadata only. No schema here carries a
// workflow graph, run data, connection metadata or a tenant's audit entry.

const search = z.string().trim().min(1).max(200);
const idParam = z.string().min(1).max(64);

export const platformIdParams = z.object({ id: idParam });

export const platformUserListQuery = pageQuery.extend({
  q: search.optional().describe("Part of the email or name, or an exact user id"),
  status: z.enum(["active", "disabled"]).optional(),
});
export type PlatformUserListQuery = z.infer<typeof platformUserListQuery>;

export const platformUserResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean(),
  status: z.enum(["active", "disabled"]),
  disabledAt: timestamp.nullable(),
  disabledReason: z.string().nullable(),
  createdAt: timestamp,
  counts: z.object({ workspaces: z.int(), activeTokens: z.int(), sessions: z.int() }),
});
export type PlatformUserResponse = z.infer<typeof platformUserResponse>;

export const disableUserBody = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe("Why the account is disabled (kept in the platform audit log and on the user)"),
});
export type DisableUserBody = z.infer<typeof disableUserBody>;

export const platformWorkspaceListQuery = pageQuery.extend({
  q: search.optional().describe("Part of the slug or name, or an exact workspace id"),
});
export type PlatformWorkspaceListQuery = z.infer<typeof platformWorkspaceListQuery>;

export const platformWorkspaceResponse = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  createdAt: timestamp,
  status: z.enum(["active", "deletion_requested"]),
  owners: z.array(z.object({ id: z.string(), email: z.string() })),
  counts: z.object({ members: z.int(), projects: z.int(), workflows: z.int(), runs: z.int() }),
});
export type PlatformWorkspaceResponse = z.infer<typeof platformWorkspaceResponse>;

export const workspaceDeletionBody = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe("Why (e.g. the owner's request and its ticket)"),
});
export type WorkspaceDeletionBody = z.infer<typeof workspaceDeletionBody>;

export const workspaceDeletionResponse = z.object({
  workspaceId: z.string(),
  status: z.literal("pending"),
  requestedAt: timestamp,
  actionId: z.string().describe("The platform audit entry that records the request"),
  alreadyRequested: z.boolean(),
  scheduledFor: timestamp.describe("When the grace window ends and the purge runs"),
  note: z.string(),
});

export const platformAuditListQuery = pageQuery.extend({
  action: search.regex(/^[a-z0-9_.]+\*?$/, "Letters, digits, _ and . with an optional trailing *").optional(),
  actorId: search.optional(),
  targetId: search.optional(),
});
export type PlatformAuditListQuery = z.infer<typeof platformAuditListQuery>;

export const platformAuditEntryResponse = z.object({
  id: z.string(),
  createdAt: timestamp,
  action: z.string(),
  actor: z.object({ type: z.enum(["platform_token", "cli"]), id: z.string().nullable(), label: z.string().nullable() }),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
});
