import { routeOf } from "@/lib/operations/route";
import { tokens } from "@/lib/operations/tokens";

// DELETE /v1/tokens/{id} — revoke a token (your own; admins: any member's)
export const DELETE = routeOf(tokens.revokeToken);
