import { routeOf } from "@/lib/operations/route";
import { getApproval } from "@/lib/operations/approvals";

// GET /v1/approvals/{id} — one approval with its decision
export const GET = routeOf(getApproval);
