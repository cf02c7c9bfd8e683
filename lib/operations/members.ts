import { z } from "zod";
import { memberResponse, updateMemberBody } from "@/lib/schemas/members";
import { page, pageQuery } from "@/lib/schemas/common";
import { listMembers as list } from "@/lib/members/list-members";
import { leaveWorkspace as leave, removeMember as remove } from "@/lib/members/remove-member";
import { updateMemberRole as updateRole } from "@/lib/members/update-member-role";
import { defineResource } from "./define";

// The handlers read `{userId}` from the route params as is: documented, not parsed.
const byPath = { params: z.object({ userId: z.string() }), documentOnly: ["params"] } as const;

export const members = defineResource({ tags: ["Members"], auth: "workspace", components: { Member: memberResponse } }, (op) => ({
  listMembers: op({
    route: "GET /v1/members",
    summary: "The workspace's members and their roles",
    action: "member.read",
    query: pageQuery,
    responses: { 200: { description: "A page of members", schema: (c) => page(c.Member) } },
    handler: async (ctx, { query }) => list(ctx.workspace.id, query),
  }),

  updateMemberRole: op({
    route: "PATCH /v1/members/{userId}",
    summary: "Change a member's workspace role",
    description: "Ownership moves only through POST /v1/workspaces/current/transfer; only the owner changes another tenant admin.",
    action: "member.update",
    ...byPath,
    body: updateMemberBody,
    responses: { 200: { description: "The member", schema: (c) => c.Member } },
    handler: async (ctx, { body }) => updateRole(ctx, ctx.params.userId, body.role),
  }),

  removeMember: op({
    route: "DELETE /v1/members/{userId}",
    summary: "Remove a member",
    description: "Their project roles go and their tokens are revoked. The owner cannot be removed.",
    action: "member.remove",
    ...byPath,
    responses: { 204: { description: "Removed" } },
    handler: async (ctx) => remove(ctx, ctx.params.userId),
  }),

  leaveWorkspace: op({
    route: "POST /v1/members/leave",
    summary: "Leave the workspace",
    description: "The owner must transfer ownership first (403).",
    action: "workspace.read",
    responses: { 204: { description: "Left" } },
    handler: async (ctx) => leave(ctx),
  }),
}));
