import pg from "pg";
import { GATEWAY_CHANNEL } from "@/lib/db/notify-gateway";
import { GET as listRoute, POST as createRoute } from "@/app/v1/tools/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/tools/[id]/route";
import { GET as listPoliciesRoute, POST as createPolicyRoute } from "@/app/v1/tools/[id]/policies/route";
import { DELETE as deletePolicyRoute, PATCH as patchPolicyRoute } from "@/app/v1/tools/[id]/policies/[policyId]/route";
import { call } from "@/test/support/http";
import { createVia } from "@/test/connections/helpers";

// The /v1/tools routes as the tests call them: headers first, then what the route needs.

type H = Record<string, string>;
let n = 0;
export const uniqueToolName = (label = "tool") => `${label}-${Date.now().toString(36)}-${n++}`;

/** A loopback base URL: allowed by allowLoopback() (EGRESS_ALLOWED_HOSTS=127.0.0.1). */
export const BASE_URL = "http://127.0.0.1:9/api";

export const createTool = (headers: H, body: Record<string, unknown> = {}) =>
  call(createRoute, "/v1/tools", { method: "POST", headers, body: { name: uniqueToolName(), baseUrl: BASE_URL, ...body } });
export const listTools = (headers: H, query?: Record<string, string>) => call(listRoute, "/v1/tools", { headers, query });
export const getTool = (headers: H, id: string) => call(getRoute, `/v1/tools/${id}`, { headers, params: { id } });
export const patchTool = (headers: H, id: string, body: unknown) => call(patchRoute, `/v1/tools/${id}`, { method: "PATCH", headers, params: { id }, body });
export const deleteTool = (headers: H, id: string) => call(deleteRoute, `/v1/tools/${id}`, { method: "DELETE", headers, params: { id } });

export const listPolicies = (headers: H, id: string) => call(listPoliciesRoute, `/v1/tools/${id}/policies`, { headers, params: { id } });
export const createPolicy = (headers: H, id: string, body: Record<string, unknown>) =>
  call(createPolicyRoute, `/v1/tools/${id}/policies`, { method: "POST", headers, params: { id }, body });
export const patchPolicy = (headers: H, id: string, policyId: string, body: unknown) =>
  call(patchPolicyRoute, `/v1/tools/${id}/policies/${policyId}`, { method: "PATCH", headers, params: { id, policyId }, body });
export const deletePolicy = (headers: H, id: string, policyId: string) =>
  call(deletePolicyRoute, `/v1/tools/${id}/policies/${policyId}`, { method: "DELETE", headers, params: { id, policyId } });

/** An api_key connection of the headers' project, through the API (its secret sealed in the vault). */
export async function apiKeyConnection(headers: H, secret = "sk_tool_test_secret_0000000001", baseUrl = "http://127.0.0.1:9") {
  const res = await createVia(headers, { name: uniqueToolName("key"), type: "api_key", provider: "github", secret, environment: "sandbox", fields: { baseUrl } });
  if (res.status !== 201) throw new Error(`connection: ${res.status} ${res.text}`);
  return res.json.id as string;
}

/** Collects the gateway notifications (`{ kind, projectId }`) sent while it listens. */
export async function listenGateway() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const seen: unknown[] = [];
  client.on("notification", (n) => n.channel === GATEWAY_CHANNEL && seen.push(JSON.parse(n.payload ?? "null")));
  await client.query(`LISTEN ${GATEWAY_CHANNEL}`);
  return { seen, close: () => client.end() };
}
