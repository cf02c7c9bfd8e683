import { routeOf } from "@/lib/operations/route";
import { invitations } from "@/lib/operations/invitations";

// GET /v1/invitations — the workspace's invitations (?status=pending|accepted|revoked|expired)
export const GET = routeOf(invitations.listInvitations);

// POST /v1/invitations — invite someone by email (the link is in the response once, and in the mail)
export const POST = routeOf(invitations.createInvitation);
