import { z } from "zod";
import { memberResponse, updateMemberBody } from "@/lib/schemas/members";
import { page, pageQuery } from "@/lib/schemas/common";
import { registerOperation, type ApiRegistry } from "../registry";

const memberParams = z.object({ userId: z.string() });

export function registerMemberOperations(r: ApiRegistry): void {
  const tags = ["Members"];
  const Member = r.schema("Member", memberResponse);

  registerOperation(r, {
    method: "get",
    path: "/v1/members",
    operationId: "listMembers",
    summary: "The workspace's members and their roles",
    tags,
    auth: "workspace",
    action: "member.read",
    query: pageQuery,
    responses: { 200: { description: "A page of members", schema: page(Member) } },
  });
  registerOperation(r, {
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
    responses: { 200: { description: "The member", schema: Member } },
  });
  registerOperation(r, {
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
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/members/leave",
    operationId: "leaveWorkspace",
    summary: "Leave the workspace",
    description: "The owner must transfer ownership first (403).",
    tags,
    auth: "workspace",
    action: "workspace.read",
    responses: { 204: { description: "Left" } },
  });
}
