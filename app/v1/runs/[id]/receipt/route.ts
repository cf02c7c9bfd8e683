import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs/{id}/receipt — the run's step chain and the platform's signature over its head
export const GET = routeOf(runs.getRunReceipt);
