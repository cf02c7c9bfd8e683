import { routeOf } from "@/lib/operations/route";
import { members } from "@/lib/operations/members";

// PATCH /v1/members/{userId} — change a member's workspace role
export const PATCH = routeOf(members.updateMemberRole);

// DELETE /v1/members/{userId} — remove a member (their project roles go, their tokens are revoked)
export const DELETE = routeOf(members.removeMember);
