import { json, withWorkspace } from "@/lib/api/with-auth";
import { leaveWorkspace } from "@/lib/members/remove-member";

// POST /v1/members/leave — leave the workspace (the owner must transfer ownership first)
export const POST = withWorkspace(
  async (ctx) => {
    await leaveWorkspace(ctx);
    return json(null, 204);
  },
  { action: "workspace.read" },
);
