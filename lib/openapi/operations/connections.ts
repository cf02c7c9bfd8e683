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
import { registerOperation, type ApiRegistry } from "../registry";

export function registerConnectionOperations(r: ApiRegistry): void {
  const Connection = r.schema("Connection", connectionResponse);
  const tags = ["Connections"];
  const auth = "project" as const;

  registerOperation(r, {
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
  });
  registerOperation(r, {
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
    responses: { 201: { description: "The connection, without its secret", schema: Connection } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/connections/{id}",
    operationId: "getConnection",
    summary: "Get a connection",
    tags,
    auth,
    action: "connection.read",
    params: idParams,
    responses: { 200: { description: "The connection", schema: Connection } },
  });
  registerOperation(r, {
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
    responses: { 200: { description: "The connection", schema: Connection } },
  });
  registerOperation(r, {
    method: "delete",
    path: "/v1/connections/{id}",
    operationId: "deleteConnection",
    summary: "Delete a connection and its secret",
    tags,
    auth,
    action: "connection.manage",
    params: idParams,
    responses: { 204: { description: "Deleted" } },
  });
  registerOperation(r, {
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
    responses: { 200: { description: "The connection with its new status", schema: Connection } },
  });
  registerOperation(r, {
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
  });
}
