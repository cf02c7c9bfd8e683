import { routeOf } from "@/lib/operations/route";
import { tokens } from "@/lib/operations/tokens";

// POST /v1/tokens/{id}/rotate — revoke a token and issue its successor (value shown once)
export const POST = routeOf(tokens.rotateToken);
