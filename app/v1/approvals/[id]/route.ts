import { routeOf } from "@/lib/operations/route";
import { approvals } from "@/lib/operations/approvals";

// GET /v1/approvals/{id} — one approval with its decision
export const GET = routeOf(approvals.getApproval);
