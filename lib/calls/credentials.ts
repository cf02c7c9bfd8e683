import { API_KEY_VENDORS, type ApiKeyProvider } from "@/lib/schemas/connection-catalog";
import type { LoadedConnection } from "./load-connection";

/**
 * Headers carrying the credential (api_key and whatsapp; OAuth adds its bearer per call, see
 * call-connection.ts, because its token may be refreshed between two tries).
 */
export function credentialHeaders({ connection, secret }: LoadedConnection): Record<string, string> {
  if (!secret) return {};
  if (connection.type === "whatsapp") return { Authorization: `Bearer ${secret}` };
  if (connection.type !== "api_key") return {};
  const f = connection.fields as { headerName?: string; headerPrefix?: string };
  if (connection.provider === "custom") return f.headerName ? { [f.headerName]: `${f.headerPrefix ?? ""}${secret}` } : {};
  return API_KEY_VENDORS[connection.provider as Exclude<ApiKeyProvider, "custom">]?.authHeaders(secret) ?? {};
}
