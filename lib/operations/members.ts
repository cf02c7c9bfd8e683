import { z } from "zod";
import { memberResponse, updateMemberBody } from "@/lib/schemas/members";
import { page, pageQuery } from "@/lib/schemas/common";
import { json } from "@/lib/api/with-auth";
import { listMembers as list } from "@/lib/members/list-members";
import { leaveWorkspace as leave, removeMember as remove } from "@/lib/members/remove-member";
import { updateMemberRole as updateRole } from "@/lib/members/update-member-role";
import { defineOperation, defineResource } from "./define";

const memberParams = z.object({ userId: z.string() });

const tags = ["Members"];

export const listMembers = defineOperation({
  method: "get",
  path: "/v1/members",
  operationId: "listMembers",
  summary: "The workspace's members and their roles",
  tags,
  auth: "workspace",
  action: "member.read",
  query: pageQuery,
  responses: { 200: { description: "A page of members", schema: (c) => page(c.Member) } },
  handler: async (ctx, { query }) => list(ctx.workspace.id, query),
});

export const updateMemberRole = defineOperation({
  method: "patch",
  path: "/v1/members/{userId}",
  operationId: "updateMemberRole",
  summary: "Change a member's workspace role",
  description: "Ownership moves only through POST /v1/workspaces/current/transfer; only the owner changes another tenant admin.",
  tags,
  auth: "workspace",
  action: "member.update",
  params: memberParams,
  body: updateMemberBody,
  responses: { 200: { description: "The member", schema: (c) => c.Member } },
  documentOnly: ["params"],
  handler: async (ctx, { body }) => updateRole(ctx, ctx.params.userId, body.role),
});

export const removeMember = defineOperation({
  method: "delete",
  path: "/v1/members/{userId}",
  operationId: "removeMember",
  summary: "Remove a member",
  description: "Their project roles go and their tokens are revoked. The owner cannot be removed.",
  tags,
  auth: "workspace",
  action: "member.remove",
  params: memberParams,
  responses: { 204: { description: "Removed" } },
  documentOnly: ["params"],
  handler: async (ctx) => {
    await remove(ctx, ctx.params.userId);
    return json(null, 204);
  },
});

export const leaveWorkspace = defineOperation({
  method: "post",
  path: "/v1/members/leave",
  operationId: "leaveWorkspace",
  summary: "Leave the workspace",
  description: "The owner must transfer ownership first (403).",
  tags,
  auth: "workspace",
  action: "workspace.read",
  responses: { 204: { description: "Left" } },
  handler: async (ctx) => {
    await leave(ctx);
    return json(null, 204);
  },
});

export const membersOperations = defineResource({ Member: memberResponse }, [listMembers, updateMemberRole, removeMember, leaveWorkspace]);

