import { page } from "@/lib/schemas/common";
import {
  disableUserBody,
  platformAuditEntryResponse,
  platformAuditListQuery,
  platformIdParams,
  platformUserListQuery,
  platformUserResponse,
  platformWorkspaceListQuery,
  platformWorkspaceResponse,
  workspaceDeletionBody,
  workspaceDeletionResponse,
} from "@/lib/schemas/platform";
import { listPlatformAudit } from "@/lib/platform/list-platform-audit";
import { requestWorkspaceDeletion } from "@/lib/platform/request-workspace-deletion";
import { setUserDisabled } from "@/lib/platform/set-user-disabled";
import { getPlatformUserOrThrow, listPlatformUsers } from "@/lib/platform/users";
import { getPlatformWorkspaceOrThrow, listPlatformWorkspaces } from "@/lib/platform/workspaces";
import { defineResource } from "./define";

// The operator API: account-level metadata and the platform's own audit log, for `ar_platform_`
// tokens only (issued by `npm run platform -- tokens create`). Nothing here returns a workflow
// graph, run data, connection metadata or a workspace's audit entries.
export const platform = defineResource(
  {
    tags: ["Platform"],
    auth: "platform",
    components: { PlatformUser: platformUserResponse, PlatformWorkspace: platformWorkspaceResponse, PlatformAuditEntry: platformAuditEntryResponse },
  },
  (op) => ({
    listPlatformUsers: op({
      route: "GET /v1/platform/users",
      summary: "List and search users",
      description: "Newest first, with status and counts (workspaces, active tokens, sessions).",
      query: platformUserListQuery,
      responses: { 200: { description: "A page of users", schema: (c) => page(c.PlatformUser) } },
      handler: async (_ctx, { query }) => listPlatformUsers(query),
    }),

    getPlatformUser: op({
      route: "GET /v1/platform/users/{id}",
      summary: "Get a user",
      params: platformIdParams,
      responses: { 200: { description: "The user", schema: (c) => c.PlatformUser } },
      handler: async (_ctx, { params }) => getPlatformUserOrThrow(params.id),
    }),

    disablePlatformUser: op({
      route: "POST /v1/platform/users/{id}/disable",
      summary: "Disable a user",
      description: "Ends the user's sessions at once; while disabled they cannot sign in and their tokens answer 401. Recorded in the platform audit log.",
      params: platformIdParams,
      body: disableUserBody,
      responses: { 200: { description: "The user, disabled", schema: (c) => c.PlatformUser } },
      handler: async (ctx, { params, body }) => setUserDisabled(ctx, params.id, { disabled: true, reason: body.reason }),
    }),

    enablePlatformUser: op({
      route: "POST /v1/platform/users/{id}/enable",
      summary: "Enable a disabled user",
      description: "Sign-in works again, and so do the user's unrevoked, unexpired tokens. Recorded in the platform audit log.",
      params: platformIdParams,
      responses: { 200: { description: "The user, enabled", schema: (c) => c.PlatformUser } },
      handler: async (ctx, { params }) => setUserDisabled(ctx, params.id, { disabled: false }),
    }),

    listPlatformWorkspaces: op({
      route: "GET /v1/platform/workspaces",
      summary: "List and search workspaces",
      description: "Newest first, with owners, status and counts (members, projects, workflows, runs).",
      query: platformWorkspaceListQuery,
      responses: { 200: { description: "A page of workspaces", schema: (c) => page(c.PlatformWorkspace) } },
      handler: async (_ctx, { query }) => listPlatformWorkspaces(query),
    }),

    getPlatformWorkspace: op({
      route: "GET /v1/platform/workspaces/{id}",
      summary: "Get a workspace",
      params: platformIdParams,
      responses: { 200: { description: "The workspace", schema: (c) => c.PlatformWorkspace } },
      handler: async (_ctx, { params }) => getPlatformWorkspaceOrThrow(params.id),
    }),

    requestPlatformWorkspaceDeletion: op({
      route: "POST /v1/platform/workspaces/{id}/deletion",
      summary: "Request a workspace's deletion",
      description: "On its owner's request. Recorded in the platform audit log, and starts the workspace deletion: a grace window (the owner can cancel), then the purge and a signed certificate mailed to the owner. Repeating it returns the pending request.",
      params: platformIdParams,
      body: workspaceDeletionBody,
      responses: { 202: { description: "The request, pending", schema: workspaceDeletionResponse } },
      handler: async (ctx, { params, body }) => requestWorkspaceDeletion(ctx, params.id, body.reason),
    }),

    listPlatformAuditEntries: op({
      route: "GET /v1/platform/audit",
      summary: "Read the platform audit log",
      description: "Operator actions and platform token events, newest first. `action` matches exactly or, ending with `*`, by prefix. Never a workspace's audit entries.",
      query: platformAuditListQuery,
      responses: { 200: { description: "A page of entries", schema: (c) => page(c.PlatformAuditEntry) } },
      handler: async (_ctx, { query }) => listPlatformAudit(query),
    }),
  }),
);
