import { parseQuery } from "@/lib/api/body";
import { pageQuery } from "@/lib/api/pagination";
import { withWorkspace } from "@/lib/api/with-auth";
import { listMembers } from "@/lib/members/list-members";

// GET /v1/members — the workspace's members and their roles
export const GET = withWorkspace(async (ctx) => listMembers(ctx.workspace.id, parseQuery(ctx.req, pageQuery)), { action: "member.read" });
