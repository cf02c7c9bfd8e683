import { GET as listRoute, POST as createRoute } from "@/app/v1/agents/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/agents/[id]/route";
import { POST as rotateRoute } from "@/app/v1/agents/[id]/rotate-token/route";
import { GET as tokensRoute, POST as issueRoute } from "@/app/v1/agents/[id]/tokens/route";
import { DELETE as revokeRoute } from "@/app/v1/agents/[id]/tokens/[tokenId]/route";
import { GET as runtimeRoute } from "@/app/v1/agents/[id]/runtime/route";
import { POST as tryRoute } from "@/app/v1/agents/[id]/try/route";
import { call } from "@/test/support/http";

// The /v1/agents routes as the tests call them: headers first, then what the route needs.

type H = Record<string, string>;
let n = 0;
export const uniqueSlug = (label = "agent") => `${label}-${Date.now().toString(36)}-${n++}`;

/** A loopback endpoint: allowed by allowLoopback() (EGRESS_ALLOWED_HOSTS=127.0.0.1). */
export const ENDPOINT = "http://127.0.0.1:9/agent";

export const createAgent = (headers: H, body: Record<string, unknown> = {}) =>
  call(createRoute, "/v1/agents", { method: "POST", headers, body: { slug: uniqueSlug(), name: "Support bot", endpointUrl: ENDPOINT, ...body } });
export const listAgents = (headers: H, query?: Record<string, string>) => call(listRoute, "/v1/agents", { headers, query });
export const getAgent = (headers: H, id: string) => call(getRoute, `/v1/agents/${id}`, { headers, params: { id } });
export const patchAgent = (headers: H, id: string, body: unknown) => call(patchRoute, `/v1/agents/${id}`, { method: "PATCH", headers, params: { id }, body });
export const deleteAgent = (headers: H, id: string) => call(deleteRoute, `/v1/agents/${id}`, { method: "DELETE", headers, params: { id } });
export const rotateToken = (headers: H, id: string) => call(rotateRoute, `/v1/agents/${id}/rotate-token`, { method: "POST", headers, params: { id } });
export const listTokens = (headers: H, id: string) => call(tokensRoute, `/v1/agents/${id}/tokens`, { headers, params: { id } });
export const issueToken = (headers: H, id: string, body: unknown = { name: "cli" }) => call(issueRoute, `/v1/agents/${id}/tokens`, { method: "POST", headers, params: { id }, body });
export const revokeToken = (headers: H, id: string, tokenId: string) =>
  call(revokeRoute, `/v1/agents/${id}/tokens/${tokenId}`, { method: "DELETE", headers, params: { id, tokenId } });
export const getRuntime = (headers: H, id: string) => call(runtimeRoute, `/v1/agents/${id}/runtime`, { headers, params: { id } });
export const tryAgent = (headers: H, id: string, body: unknown) => call(tryRoute, `/v1/agents/${id}/try`, { method: "POST", headers, params: { id }, body });

/** A JWKS-verified identity provider on loopback (never fetched by the API itself). */
export const IDP = { jwksUrl: "http://127.0.0.1:9/.well-known/jwks.json", issuer: "https://id.example.test/", audiences: ["support-bot"] };
