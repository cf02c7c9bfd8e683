import { routeOf } from "@/lib/operations/route";
import { approvals } from "@/lib/operations/approvals";

// GET /v1/approvals — the project's approvals, pending ones by default (the inbox)
export const GET = routeOf(approvals.listApprovals);
