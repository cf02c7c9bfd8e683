import { routeOf } from "@/lib/operations/route";
import { invitations } from "@/lib/operations/invitations";

// DELETE /v1/invitations/{id} — revoke an invitation
export const DELETE = routeOf(invitations.revokeInvitation);
