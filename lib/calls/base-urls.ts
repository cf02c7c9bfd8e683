import { API_KEY_VENDORS, type ApiKeyProvider } from "@/lib/schemas/connection-catalog";
import { CallError } from "./call-error";
import type { LoadedConnection } from "./load-connection";

// Where each kind of connection is called: an API key connection's own base URL (or its
// vendor's default), the OAuth providers' API hosts and the WhatsApp Graph API. The hosts are
// configurable by environment so tests and self-hosters can point them at a fake.

const OAUTH_API_BASE: Record<string, { env: string; url: string }> = {
  google: { env: "GOOGLE_API_BASE_URL", url: "https://www.googleapis.com" },
  linkedin: { env: "LINKEDIN_API_BASE_URL", url: "https://api.linkedin.com" },
};

export function baseUrlOf({ connection }: LoadedConnection): string {
  const fields = connection.fields as { baseUrl?: string };
  if (connection.type === "api_key") {
    const base = fields.baseUrl ?? (connection.provider === "custom" ? null : API_KEY_VENDORS[connection.provider as Exclude<ApiKeyProvider, "custom">]?.defaultBaseUrl);
    if (base) return base;
  } else if (connection.type === "oauth2" && OAUTH_API_BASE[connection.provider]) {
    const o = OAUTH_API_BASE[connection.provider];
    return process.env[o.env] || o.url;
  } else if (connection.type === "whatsapp") {
    return process.env.WHATSAPP_GRAPH_URL || "https://graph.facebook.com";
  }
  throw new CallError("unsupported_connection", `Connection ${connection.id} (${connection.type}/${connection.provider}) cannot be called by an HTTP step`, false);
}
