import { POST as createConnectionRoute } from "@/app/v1/connections/route";
import { POST as createRoute } from "@/app/v1/mcp-instances/route";
import { POST as syncRoute } from "@/app/v1/mcp-instances/[id]/sync/route";
import { POST as callRoute } from "@/app/v1/mcp-instances/[id]/tools/[tool]/call/route";
import { PATCH as toolRoute } from "@/app/v1/mcp-instances/[id]/tools/[tool]/route";
import { call } from "@/test/support/http";

let n = 0;
export const uniqueName = (label = "inst") => `${label}-${Date.now().toString(36)}-${n++}`;

/** A custom API-key connection holding `secret` (its own header settings do not matter to MCP instances). */
export async function createKeyConnection(headers: Record<string, string>, secret: string, baseUrl: string): Promise<string> {
  const res = await call(createConnectionRoute, "/v1/connections", {
    method: "POST",
    headers,
    body: { name: uniqueName("conn"), type: "api_key", provider: "custom", secret, fields: { baseUrl, headerName: "X-Unused" } },
  });
  if (res.status !== 201) throw new Error(`connection: ${res.status} ${res.text}`);
  return res.json.id;
}

export function createInstance(headers: Record<string, string>, body: Record<string, unknown>) {
  return call(createRoute, "/v1/mcp-instances", { method: "POST", headers, body: { name: uniqueName(), ...body } });
}

export function syncInstance(headers: Record<string, string>, id: string) {
  return call(syncRoute, `/v1/mcp-instances/${id}/sync`, { method: "POST", headers, params: { id } });
}

export function callTool(headers: Record<string, string>, id: string, tool: string, args: Record<string, unknown> = {}) {
  return call(callRoute, `/v1/mcp-instances/${id}/tools/${tool}/call`, { method: "POST", headers, params: { id, tool }, body: { arguments: args } });
}

export function setPolicy(headers: Record<string, string>, id: string, tool: string, policy: string) {
  return call(toolRoute, `/v1/mcp-instances/${id}/tools/${tool}`, { method: "PATCH", headers, params: { id, tool }, body: { policy } });
}
