import { withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { idParams } from "@/lib/schemas/common";
import { decideApprovalBody } from "@/lib/schemas/approvals";

// POST /v1/approvals/{id}/reject — reject a pending approval (role ≥ its approverRole; no self-approval unless allowed)
export const POST = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return decideApproval(ctx, id, "reject", await parseJson(ctx.req, decideApprovalBody));
  },
  { action: "approval.decide" },
);
