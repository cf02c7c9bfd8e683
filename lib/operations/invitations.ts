import { z } from "zod";
import {
  acceptInvitationBody,
  acceptInvitationResponse,
  createdInvitationResponse,
  createInvitationBody,
  invitationResponse,
  listInvitationsQuery,
} from "@/lib/schemas/invitations";
import { page } from "@/lib/schemas/common";
import { json } from "@/lib/api/with-auth";
import { acceptInvitation as accept } from "@/lib/invitations/accept-invitation";
import { createInvitation as create } from "@/lib/invitations/create-invitation";
import { listInvitations as list } from "@/lib/invitations/list-invitations";
import { revokeInvitation as revoke } from "@/lib/invitations/revoke-invitation";
import { defineOperation, defineResource } from "./define";

const tags = ["Invitations"];

export const listInvitations = defineOperation({
  method: "get",
  path: "/v1/invitations",
  operationId: "listInvitations",
  summary: "The workspace's invitations",
  tags,
  auth: "workspace",
  action: "member.read",
  query: listInvitationsQuery,
  responses: { 200: { description: "A page of invitations", schema: (c) => page(c.Invitation) } },
  handler: async (ctx, { query }) => list(ctx.workspace.id, query),
});

export const createInvitation = defineOperation({
  method: "post",
  path: "/v1/invitations",
  operationId: "createInvitation",
  summary: "Invite someone by email",
  description: "The invitation link is in this response once (and in the mail).",
  tags,
  auth: "workspace",
  action: "member.invite",
  body: createInvitationBody,
  errors: [409],
  responses: { 201: { description: "The invitation, with its link", schema: (c) => c.CreatedInvitation } },
  handler: async (ctx, { body }) => json(await create(ctx, body), 201),
});

export const revokeInvitation = defineOperation({
  method: "delete",
  path: "/v1/invitations/{id}",
  operationId: "revokeInvitation",
  summary: "Revoke an invitation",
  tags,
  auth: "workspace",
  action: "member.invite",
  params: z.object({ id: z.string() }),
  errors: [409],
  responses: { 204: { description: "Revoked" } },
  documentOnly: ["params"],
  handler: async (ctx) => {
    await revoke(ctx, ctx.params.id);
    return json(null, 204);
  },
});

export const acceptInvitation = defineOperation({
  method: "post",
  path: "/v1/invitations/accept",
  operationId: "acceptInvitation",
  summary: "Accept an invitation",
  description: "The signed-in invitee, with a verified email matching the invitation, accepts with the token from the link.",
  tags,
  auth: "user",
  body: acceptInvitationBody,
  errors: [403, 404, 409],
  responses: { 200: { description: "The workspace joined", schema: acceptInvitationResponse } },
  handler: async (ctx, { body }) => accept(ctx, body.token),
});

export const invitationsOperations = defineResource({ Invitation: invitationResponse, CreatedInvitation: createdInvitationResponse }, [listInvitations, createInvitation, revokeInvitation, acceptInvitation]);

