import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseQuery } from "@/lib/api/body";
import { createConnection } from "@/lib/connections/create-connection";
import { listConnections } from "@/lib/connections/list-connections";
import { createConnectionBody, listConnectionsQuery } from "@/lib/schemas/connections";

// GET /v1/connections — the project's connections (filters: type, status, environment)
export const GET = withProject(async (ctx) => listConnections(ctx, parseQuery(ctx.req, listConnectionsQuery)), { action: "connection.read" });

// POST /v1/connections — create an API-key, database or WhatsApp connection; the secret is write-only
export const POST = withProject(async (ctx) => json(await createConnection(ctx, await parseJson(ctx.req, createConnectionBody)), 201), {
  action: "connection.manage",
});
