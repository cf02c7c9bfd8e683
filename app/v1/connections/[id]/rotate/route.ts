import { routeOf } from "@/lib/operations/route";
import { connections } from "@/lib/operations/connections";

// POST /v1/connections/{id}/rotate — validate a new secret, then swap it in; a rejected one leaves the old active
export const POST = routeOf(connections.rotateConnection);
