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
import { json } from "@/lib/api/with-auth";
import { createConnection as create } from "@/lib/connections/create-connection";
import { deleteConnection as remove } from "@/lib/connections/delete-connection";
import { getConnection as get } from "@/lib/connections/get-connection";
import { listConnections as list } from "@/lib/connections/list-connections";
import { rotateConnection as rotate } from "@/lib/connections/rotate-connection";
import { testConnection as test } from "@/lib/connections/test-connection";
import { updateConnection as update } from "@/lib/connections/update-connection";
import { defineOperation, defineResource } from "./define";

const tags = ["Connections"];
const auth = "project" as const;

export const listConnections = defineOperation({
  method: "get",
  path: "/v1/connections",
  operationId: "listConnections",
  summary: "List the project's connections",
  description: "Newest first. Filter by `type`, `status` and `environment`. Secrets are never returned; `secretHint` helps recognise one.",
  tags,
  auth,
  action: "connection.read",
  query: listConnectionsQuery,
  responses: { 200: { description: "A page of connections", schema: connectionPage } },
  handler: async (ctx, { query }) => list(ctx, query),
});

export const createConnection = defineOperation({
  method: "post",
  path: "/v1/connections",
  operationId: "createConnection",
  summary: "Create a connection",
  description:
    "API key (`github`, `resend`, `exa`, `notion`, `shopify`, `activecampaign`, `clickup`, `custom`), database (`postgres`, `mysql`, `mongodb`, `redis`, `neo4j`, `sqlite`, `firestore`) or WhatsApp. The secret is sealed in the vault and never returned. The status is `pending` until the first test. `oauth2` connections are created through the OAuth flow (`POST /v1/connections/{provider}/authorize`): this endpoint answers 422 for them.",
  tags,
  auth,
  action: "connection.manage",
  body: createConnectionBody,
  errors: [409],
  responses: { 201: { description: "The connection, without its secret", schema: (c) => c.Connection } },
  handler: async (ctx, { body }) => json(await create(ctx, body), 201),
});

export const getConnection = defineOperation({
  method: "get",
  path: "/v1/connections/{id}",
  operationId: "getConnection",
  summary: "Get a connection",
  tags,
  auth,
  action: "connection.read",
  params: idParams,
  responses: { 200: { description: "The connection", schema: (c) => c.Connection } },
  handler: async (ctx, { params }) => get(ctx, params.id),
});

export const updateConnection = defineOperation({
  method: "patch",
  path: "/v1/connections/{id}",
  operationId: "updateConnection",
  summary: "Update a connection's name, environment or non-secret settings",
  description: "Changed settings send the connection back to `pending` until it is tested again. Use rotate to change the secret.",
  tags,
  auth,
  action: "connection.manage",
  params: idParams,
  body: updateConnectionBody,
  errors: [409],
  responses: { 200: { description: "The connection", schema: (c) => c.Connection } },
  handler: async (ctx, { params, body }) => update(ctx, params.id, body),
});

export const deleteConnection = defineOperation({
  method: "delete",
  path: "/v1/connections/{id}",
  operationId: "deleteConnection",
  summary: "Delete a connection and its secret",
  tags,
  auth,
  action: "connection.manage",
  params: idParams,
  responses: { 204: { description: "Deleted" } },
  handler: async (ctx, { params }) => {
    await remove(ctx, params.id);
    return json(null, 204);
  },
});

export const testConnection = defineOperation({
  method: "post",
  path: "/v1/connections/{id}/test",
  operationId: "testConnection",
  summary: "Test a connection",
  description:
    "Calls the vendor's identity endpoint, or opens the database and runs a trivial query, with a timeout. Private, loopback and link-local destinations are refused unless the server allows them. The result is recorded as `active`, or `error` with a reason (upstream bodies are never echoed).",
  tags,
  auth,
  action: "connection.manage",
  params: idParams,
  responses: { 200: { description: "The connection with its new status", schema: (c) => c.Connection } },
  handler: async (ctx, { params }) => test(ctx, params.id),
});

export const rotateConnection = defineOperation({
  method: "post",
  path: "/v1/connections/{id}/rotate",
  operationId: "rotateConnection",
  summary: "Rotate a connection's secret",
  description:
    "The new secret is validated with the same call as Test connection before anything changes. On success it replaces the old one (`secretVersion` + 1, status `active`); otherwise the answer is 422 with the reason and the old secret stays active.",
  tags,
  auth,
  action: "connection.manage",
  params: idParams,
  body: rotateConnectionBody,
  errors: [409],
  responses: { 200: { description: "The rotated connection", schema: rotateConnectionResponse } },
  handler: async (ctx, { params, body }) => rotate(ctx, params.id, body.secret),
});

export const connectionsOperations = defineResource({ Connection: connectionResponse }, [listConnections, createConnection, getConnection, updateConnection, deleteConnection, testConnection, rotateConnection]);

