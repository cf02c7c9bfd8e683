import {
  createWorkspaceBody,
  createWorkspaceResponse,
  transferOwnershipBody,
  transferOwnershipResponse,
  updateWorkspaceBody,
  workspaceResponse,
} from "@/lib/schemas/workspaces";
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
}));
