import { routeOf } from "@/lib/operations/route";
import { tokens } from "@/lib/operations/tokens";

// GET /v1/tokens — the caller's personal tokens in this workspace (admins: ?userId=)
export const GET = routeOf(tokens.listTokens);

// POST /v1/tokens — create a personal token; the value is in this response only
export const POST = routeOf(tokens.createToken);
