import { routeOf } from "@/lib/operations/route";
import { connections } from "@/lib/operations/connections";

// GET /v1/connections/{id} — one connection, without its secret
export const GET = routeOf(connections.getConnection);

// PATCH /v1/connections/{id} — rename, change environment or non-secret settings
export const PATCH = routeOf(connections.updateConnection);

// DELETE /v1/connections/{id} — delete a connection and its sealed secret
export const DELETE = routeOf(connections.deleteConnection);
