import { routeOf } from "@/lib/operations/route";
import { connections } from "@/lib/operations/connections";

// GET /v1/connections — the project's connections (filters: type, status, environment)
export const GET = routeOf(connections.listConnections);

// POST /v1/connections — create an API-key, database or WhatsApp connection; the secret is write-only
export const POST = routeOf(connections.createConnection);
