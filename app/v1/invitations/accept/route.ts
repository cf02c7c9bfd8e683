import { routeOf } from "@/lib/operations/route";
import { invitations } from "@/lib/operations/invitations";

// POST /v1/invitations/accept — the signed-in invitee accepts with the token from the link
export const POST = routeOf(invitations.acceptInvitation);
