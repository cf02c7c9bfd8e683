import { idParams } from "@/lib/schemas/common";
import {
  connectionPage,
  connectionResponse,
  createConnectionBody,
  listConnectionsQuery,
  rotateConnectionBody,
  rotateConnectionResponse,
  updateConnectionBody,
} from "@/lib/schemas/connections";
import { createConnection as create } from "@/lib/connections/create-connection";
import { deleteConnection as remove } from "@/lib/connections/delete-connection";
import { getConnection as get } from "@/lib/connections/get-connection";
import { listConnections as list } from "@/lib/connections/list-connections";
import { rotateConnection as rotate } from "@/lib/connections/rotate-connection";
import { testConnection as test } from "@/lib/connections/test-connection";
import { updateConnection as update } from "@/lib/connections/update-connection";
import { defineResource } from "./define";

export const connections = defineResource({ tags: ["Connections"], auth: "project", components: { Connection: connectionResponse } }, (op) => ({
  listConnections: op({
    route: "GET /v1/connections",
    summary: "List the project's connections",
    description: "Newest first. Filter by `type`, `status` and `environment`. Secrets are never returned; `secretHint` helps recognise one.",
    action: "connection.read",
    query: listConnectionsQuery,
    responses: { 200: { description: "A page of connections", schema: connectionPage } },
    handler: async (ctx, { query }) => list(ctx, query),
    mcp: { name: "connections_list", annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } },
  }),

  createConnection: op({
    route: "POST /v1/connections",
    summary: "Create a connection",
    description:
      "API key (`github`, `resend`, `exa`, `notion`, `shopify`, `activecampaign`, `clickup`, `custom`), database (`postgres`, `mysql`, `mongodb`, `redis`, `neo4j`, `sqlite`, `firestore`) or WhatsApp. The secret is sealed in the vault and never returned. The status is `pending` until the first test. `oauth2` connections are created through the OAuth flow (`POST /v1/connections/{provider}/authorize`): this endpoint answers 422 for them.",
    action: "connection.manage",
    body: createConnectionBody,
    errors: [409],
    responses: { 201: { description: "The connection, without its secret", schema: (c) => c.Connection } },
    handler: async (ctx, { body }) => create(ctx, body),
  }),

  getConnection: op({
    route: "GET /v1/connections/{id}",
    summary: "Get a connection",
    action: "connection.read",
    params: idParams,
    responses: { 200: { description: "The connection", schema: (c) => c.Connection } },
    handler: async (ctx, { params }) => get(ctx, params.id),
  }),

  updateConnection: op({
    route: "PATCH /v1/connections/{id}",
    summary: "Update a connection's name, environment or non-secret settings",
    description: "Changed settings send the connection back to `pending` until it is tested again. Use rotate to change the secret.",
    action: "connection.manage",
    params: idParams,
    body: updateConnectionBody,
    errors: [409],
    responses: { 200: { description: "The connection", schema: (c) => c.Connection } },
    handler: async (ctx, { params, body }) => update(ctx, params.id, body),
  }),

  deleteConnection: op({
    route: "DELETE /v1/connections/{id}",
    summary: "Delete a connection and its secret",
    action: "connection.manage",
    params: idParams,
    responses: { 204: { description: "Deleted" } },
    handler: async (ctx, { params }) => remove(ctx, params.id),
  }),

  testConnection: op({
    route: "POST /v1/connections/{id}/test",
    summary: "Test a connection",
    description:
      "Calls the vendor's identity endpoint, or opens the database and runs a trivial query, with a timeout. Private, loopback and link-local destinations are refused unless the server allows them. The result is recorded as `active`, or `error` with a reason (upstream bodies are never echoed).",
    action: "connection.manage",
    params: idParams,
    responses: { 200: { description: "The connection with its new status", schema: (c) => c.Connection } },
    handler: async (ctx, { params }) => test(ctx, params.id),
  }),

  rotateConnection: op({
    route: "POST /v1/connections/{id}/rotate",
    summary: "Rotate a connection's secret",
    description:
      "The new secret is validated with the same call as Test connection before anything changes. On success it replaces the old one (`secretVersion` + 1, status `active`); otherwise the answer is 422 with the reason and the old secret stays active.",
    action: "connection.manage",
    params: idParams,
    body: rotateConnectionBody,
    errors: [409],
    responses: { 200: { description: "The rotated connection", schema: rotateConnectionResponse } },
    handler: async (ctx, { params, body }) => rotate(ctx, params.id, body.secret),
  }),
}));
