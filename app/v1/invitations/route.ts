import { parseJson, parseQuery } from "@/lib/api/body";
import { json, withWorkspace } from "@/lib/api/with-auth";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { listInvitations } from "@/lib/invitations/list-invitations";
import { createInvitationBody, listInvitationsQuery } from "@/lib/schemas/invitations";

// GET /v1/invitations — the workspace's invitations (?status=pending|accepted|revoked|expired)
export const GET = withWorkspace(async (ctx) => listInvitations(ctx.workspace.id, parseQuery(ctx.req, listInvitationsQuery)), { action: "member.read" });

// POST /v1/invitations — invite someone by email (the link is in the response once, and in the mail)
export const POST = withWorkspace(async (ctx) => json(await createInvitation(ctx, await parseJson(ctx.req, createInvitationBody)), 201), {
  action: "member.invite",
});
