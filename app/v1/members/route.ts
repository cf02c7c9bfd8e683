import { routeOf } from "@/lib/operations/route";
import { members } from "@/lib/operations/members";

// GET /v1/members — the workspace's members and their roles
export const GET = routeOf(members.listMembers);
