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
import { acceptInvitation as accept } from "@/lib/invitations/accept-invitation";
import { createInvitation as create } from "@/lib/invitations/create-invitation";
import { listInvitations as list } from "@/lib/invitations/list-invitations";
import { revokeInvitation as revoke } from "@/lib/invitations/revoke-invitation";
import { defineResource } from "./define";

export const invitations = defineResource({ tags: ["Invitations"], auth: "workspace", components: { Invitation: invitationResponse, CreatedInvitation: createdInvitationResponse } }, (op) => ({
  listInvitations: op({
    route: "GET /v1/invitations",
    summary: "The workspace's invitations",
    action: "member.read",
    query: listInvitationsQuery,
    responses: { 200: { description: "A page of invitations", schema: (c) => page(c.Invitation) } },
    handler: async (ctx, { query }) => list(ctx.workspace.id, query),
  }),

  createInvitation: op({
    route: "POST /v1/invitations",
    summary: "Invite someone by email",
    description: "The invitation link is in this response once (and in the mail).",
    action: "member.invite",
    body: createInvitationBody,
    errors: [409],
    responses: { 201: { description: "The invitation, with its link", schema: (c) => c.CreatedInvitation } },
    handler: async (ctx, { body }) => create(ctx, body),
  }),

  revokeInvitation: op({
    route: "DELETE /v1/invitations/{id}",
    summary: "Revoke an invitation",
    action: "member.invite",
    params: z.object({ id: z.string() }),
    errors: [409],
    responses: { 204: { description: "Revoked" } },
    documentOnly: ["params"],
    handler: async (ctx) => revoke(ctx, ctx.params.id),
  }),

  acceptInvitation: op({
    route: "POST /v1/invitations/accept",
    summary: "Accept an invitation",
    description: "The signed-in invitee, with a verified email matching the invitation, accepts with the token from the link.",
    auth: "user",
    body: acceptInvitationBody,
    errors: [403, 404, 409],
    responses: { 200: { description: "The workspace joined", schema: acceptInvitationResponse } },
    handler: async (ctx, { body }) => accept(ctx, body.token),
  }),
}));
