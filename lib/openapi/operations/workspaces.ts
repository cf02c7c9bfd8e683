import {
  createWorkspaceBody,
  createWorkspaceResponse,
  transferOwnershipBody,
  transferOwnershipResponse,
  updateWorkspaceBody,
  workspaceResponse,
} from "@/lib/schemas/workspaces";
import { page, pageQuery } from "@/lib/schemas/common";
import { registerOperation, type ApiRegistry } from "../registry";

export function registerWorkspaceOperations(r: ApiRegistry): void {
  const tags = ["Workspaces"];
  const Workspace = r.schema("Workspace", workspaceResponse);

  registerOperation(r, {
    method: "get",
    path: "/v1/workspaces",
    operationId: "listWorkspaces",
    summary: "Your workspaces with your role",
    description: "With a token: only the token's workspace (needs `workspace:read`).",
    tags,
    auth: "user",
    query: pageQuery,
    errors: [403],
    responses: { 200: { description: "A page of workspaces", schema: page(Workspace) } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/workspaces",
    operationId: "createWorkspace",
    summary: "Create a workspace",
    description: "Creates its default project; you become the owner. Console sessions only (a token gets 403).",
    tags,
    auth: "user",
    body: createWorkspaceBody,
    errors: [403, 409],
    responses: { 201: { description: "The workspace and its default project", schema: createWorkspaceResponse } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/workspaces/current",
    operationId: "getCurrentWorkspace",
    summary: "The workspace named by X-Tenant-Id",
    tags,
    auth: "workspace",
    action: "workspace.read",
    responses: { 200: { description: "The workspace", schema: Workspace } },
  });
  registerOperation(r, {
    method: "patch",
    path: "/v1/workspaces/current",
    operationId: "updateCurrentWorkspace",
    summary: "Rename the workspace or change its domain policies",
    tags,
    auth: "workspace",
    action: "workspace.update",
    body: updateWorkspaceBody,
    responses: { 200: { description: "The workspace", schema: Workspace } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/workspaces/current/transfer",
    operationId: "transferWorkspaceOwnership",
    summary: "Hand ownership to another member",
    description: "Owner only; the previous owner becomes a tenant admin.",
    tags,
    auth: "workspace",
    action: "workspace.transfer",
    body: transferOwnershipBody,
    responses: { 200: { description: "The new and previous owner", schema: transferOwnershipResponse } },
  });
}
