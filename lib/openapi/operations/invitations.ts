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
import { registerOperation, type ApiRegistry } from "../registry";

export function registerInvitationOperations(r: ApiRegistry): void {
  const tags = ["Invitations"];
  const Invitation = r.schema("Invitation", invitationResponse);

  registerOperation(r, {
    method: "get",
    path: "/v1/invitations",
    operationId: "listInvitations",
    summary: "The workspace's invitations",
    tags,
    auth: "workspace",
    action: "member.read",
    query: listInvitationsQuery,
    responses: { 200: { description: "A page of invitations", schema: page(Invitation) } },
  });
  registerOperation(r, {
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
    responses: { 201: { description: "The invitation, with its link", schema: r.schema("CreatedInvitation", createdInvitationResponse) } },
  });
  registerOperation(r, {
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
  });
  registerOperation(r, {
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
  });
}
