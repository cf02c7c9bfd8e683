import { routeOf } from "@/lib/operations/route";
import { revokeInvitation } from "@/lib/operations/invitations";

// DELETE /v1/invitations/{id} — revoke an invitation
export const DELETE = routeOf(revokeInvitation);
