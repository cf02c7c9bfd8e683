import {
  createWorkspaceBody,
  createWorkspaceResponse,
  transferOwnershipBody,
  transferOwnershipResponse,
  updateWorkspaceBody,
  workspaceDeletionResponse,
  workspaceResponse,
} from "@/lib/schemas/workspaces";
import { requestWorkspaceDeletion } from "@/lib/lifecycle/request-workspace-deletion";
import { cancelWorkspaceDeletion } from "@/lib/lifecycle/cancel-workspace-deletion";
import { getWorkspaceDeletion } from "@/lib/lifecycle/get-workspace-deletion";
import { page, pageQuery } from "@/lib/schemas/common";
import { parseJson } from "@/lib/api/body";
import { forbidden } from "@/lib/core/errors";
import { createWorkspace as create } from "@/lib/workspaces/create-workspace";
import { getCurrentWorkspace as getCurrent } from "@/lib/workspaces/get-workspace";
import { listWorkspacesForPrincipal } from "@/lib/workspaces/list-for-principal";
import { transferOwnership } from "@/lib/workspaces/transfer-ownership";
import { updateWorkspace } from "@/lib/workspaces/update-workspace";
import { defineResource } from "./define";

export const workspaces = defineResource({ tags: ["Workspaces"], auth: "workspace", components: { Workspace: workspaceResponse } }, (op) => ({
  listWorkspaces: op({
    route: "GET /v1/workspaces",
    summary: "Your workspaces with your role",
    description: "With a token: only the token's workspace (needs `workspace:read`).",
    auth: "user",
    query: pageQuery,
    errors: [403],
    responses: { 200: { description: "A page of workspaces", schema: (c) => page(c.Workspace) } },
    handler: async (ctx, { query }) => listWorkspacesForPrincipal(ctx.principal, query),
  }),

  createWorkspace: op({
    route: "POST /v1/workspaces",
    summary: "Create a workspace",
    description: "Creates its default project; you become the owner. Console sessions only (a token gets 403).",
    auth: "user",
    body: createWorkspaceBody,
    errors: [403, 409],
    responses: { 201: { description: "The workspace and its default project", schema: createWorkspaceResponse } },
    parse: "manual",
    handler: async (ctx) => {
      // A token belongs to one workspace; new tenants are created by people, from a session.
      if (ctx.principal.type === "token") throw forbidden("API tokens cannot create workspaces; sign in to the console", { attempted: "workspace.create" });
      const body = await parseJson(ctx.req, createWorkspaceBody);
      return create(ctx, body);
    },
  }),

  getCurrentWorkspace: op({
    route: "GET /v1/workspaces/current",
    summary: "The workspace named by X-Tenant-Id",
    action: "workspace.read",
    responses: { 200: { description: "The workspace", schema: (c) => c.Workspace } },
    handler: async (ctx) => getCurrent(ctx),
  }),

  updateCurrentWorkspace: op({
    route: "PATCH /v1/workspaces/current",
    summary: "Rename the workspace or change its domain policies and run concurrency",
    action: "workspace.update",
    body: updateWorkspaceBody,
    responses: { 200: { description: "The workspace", schema: (c) => c.Workspace } },
    handler: async (ctx, { body }) => updateWorkspace(ctx, body),
  }),

  transferWorkspaceOwnership: op({
    route: "POST /v1/workspaces/current/transfer",
    summary: "Hand ownership to another member",
    description: "Owner only; the previous owner becomes a tenant admin.",
    action: "workspace.transfer",
    body: transferOwnershipBody,
    responses: { 200: { description: "The new and previous owner", schema: transferOwnershipResponse } },
    handler: async (ctx, { body }) => transferOwnership(ctx, body.userId),
  }),

  deleteCurrentWorkspace: op({
    route: "DELETE /v1/workspaces/current",
    summary: "Delete the workspace (after a grace window)",
    description:
      "Owner only. Schedules the deletion WORKSPACE_DELETION_GRACE_SECONDS (default 24 h) ahead. During the window the workspace starts no runs, " +
      "refuses inbound deliveries and gateway traffic, and its API tokens answer 403 `workspace_pending_deletion`; members are mailed. " +
      "Cancel with POST /v1/workspaces/current/deletion/cancel (from a console session: tokens are refused during the window). " +
      "After it, every row of the workspace is deleted, its data key destroyed, and the owner receives a signed deletion certificate. " +
      "A second request returns the pending deletion.",
    action: "workspace.delete",
    responses: { 202: { description: "The pending deletion", schema: workspaceDeletionResponse } },
    handler: async (ctx) => {
      const { alreadyRequested: _already, ...deletion } = await requestWorkspaceDeletion({ workspaceId: ctx.workspace.id, requestedById: ctx.principal.userId, actor: ctx.actor, meta: ctx.meta });
      return deletion;
    },
  }),

  getWorkspaceDeletion: op({
    route: "GET /v1/workspaces/current/deletion",
    summary: "The workspace's pending deletion",
    description: "404 when no deletion is pending. `secondsLeft` counts down to the purge.",
    action: "workspace.read",
    responses: { 200: { description: "The pending deletion", schema: workspaceDeletionResponse } },
    handler: async (ctx) => getWorkspaceDeletion(ctx),
  }),

  cancelWorkspaceDeletion: op({
    route: "POST /v1/workspaces/current/deletion/cancel",
    summary: "Cancel the workspace's pending deletion",
    description: "Owner only, until the purge starts; 409 when nothing is pending or the purge has begun. Runs and tokens work again at once.",
    action: "workspace.delete",
    errors: [409],
    responses: { 200: { description: "The canceled deletion", schema: workspaceDeletionResponse } },
    handler: async (ctx) => cancelWorkspaceDeletion(ctx),
  }),
}));
