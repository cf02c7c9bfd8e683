import { routeOf } from "@/lib/operations/route";
import { approvals } from "@/lib/operations/approvals";

// POST /v1/approvals/{id}/reject — reject a pending approval (role ≥ its approverRole; no self-approval unless allowed)
export const POST = routeOf(approvals.rejectApproval);
