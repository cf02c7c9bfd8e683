import { parseJson } from "@/lib/api/body";
import { withWorkspace } from "@/lib/api/with-auth";
import { transferOwnershipBody } from "@/lib/schemas/workspaces";
import { transferOwnership } from "@/lib/workspaces/transfer-ownership";

// POST /v1/workspaces/current/transfer — hand ownership to another member (owner only)
export const POST = withWorkspace(
  async (ctx) => {
    const { userId } = await parseJson(ctx.req, transferOwnershipBody);
    return transferOwnership(ctx, userId);
  },
  { action: "workspace.transfer" },
);
