import { routeOf } from "@/lib/operations/route";
import { members } from "@/lib/operations/members";

// POST /v1/members/leave — leave the workspace (the owner must transfer ownership first)
export const POST = routeOf(members.leaveWorkspace);
