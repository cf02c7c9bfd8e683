import { API_KEY_VENDORS, type ApiKeyProvider } from "@/lib/schemas/connection-catalog";
import { safeRequest } from "@/lib/net/egress/safe-request";
import { fail, httpReason, networkReason, type ProbeResult } from "./result";

type Fields = { baseUrl?: string; headerName?: string; headerPrefix?: string; testPath?: string };

/** The identity call of an API-key vendor: URL and headers, from the catalog or the custom fields. */
function identityRequest(provider: ApiKeyProvider, fields: Fields, key: string): { url: string; headers: Record<string, string> } | null {
  const join = (base: string, path: string) => base.replace(/\/+$/, "") + path;
  if (provider === "custom") {
    if (!fields.baseUrl || !fields.headerName) return null;
    return { url: join(fields.baseUrl, fields.testPath ?? "/"), headers: { [fields.headerName]: `${fields.headerPrefix ?? ""}${key}` } };
  }
  const vendor = API_KEY_VENDORS[provider];
  const base = fields.baseUrl ?? vendor.defaultBaseUrl;
  if (!base) return null;
  return { url: join(base, vendor.identityPath), headers: vendor.authHeaders(key) };
}

export async function probeApiKey(provider: ApiKeyProvider, fields: Fields, key: string): Promise<ProbeResult> {
  const req = identityRequest(provider, fields, key);
  if (!req) return fail("The connection has no base URL to call");
  try {
    // GitHub refuses requests without a User-Agent; others ignore it.
    const res = await safeRequest(req.url, { headers: { "User-Agent": "AgentRuntime-Connections", Accept: "application/json", ...req.headers } });
    return httpReason(res.status);
  } catch (err) {
    return networkReason(err);
  }
}
