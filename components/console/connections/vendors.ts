import { API_KEY_PROVIDERS, API_KEY_VENDORS, DATABASE_PROVIDERS, PROVIDER_LABELS, needsBaseUrl, type ApiKeyProvider } from "@/lib/schemas/connection-catalog";

// The vendor picker's options, grouped as the docs group them.
export type VendorOption = {
  key: string;
  type: "api_key" | "database" | "whatsapp" | "oauth2";
  provider: string;
  label: string;
  hint?: string;
};

export const VENDOR_GROUPS: { title: string; options: VendorOption[] }[] = [
  {
    title: "OAuth",
    options: [
      { key: "oauth2:google", type: "oauth2", provider: "google", label: "Google Workspace", hint: "Gmail, Drive, Sheets, Calendar" },
      { key: "oauth2:linkedin", type: "oauth2", provider: "linkedin", label: "LinkedIn", hint: "Marketing APIs" },
    ],
  },
  {
    title: "API keys and tokens",
    options: API_KEY_PROVIDERS.map((p) => ({
      key: `api_key:${p}`,
      type: "api_key" as const,
      provider: p,
      label: PROVIDER_LABELS[p],
      hint: p === "custom" ? "Any HTTP API with a key header" : undefined,
    })),
  },
  {
    title: "Databases",
    options: DATABASE_PROVIDERS.map((p) => ({ key: `database:${p}`, type: "database" as const, provider: p, label: PROVIDER_LABELS[p] })),
  },
  { title: "Messaging", options: [{ key: "whatsapp:whatsapp", type: "whatsapp", provider: "whatsapp", label: "WhatsApp", hint: "Cloud API credentials" }] },
];

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? provider;
}

export function baseUrlPlaceholder(provider: ApiKeyProvider): string {
  if (provider === "custom") return "https://api.example.com";
  return API_KEY_VENDORS[provider].baseUrlHint ?? API_KEY_VENDORS[provider].defaultBaseUrl ?? "";
}

export { needsBaseUrl };

export const CONNECTION_STRING_PLACEHOLDERS: Record<string, string> = {
  postgres: "postgres://user:password@db.example.com:5432/app",
  mysql: "mysql://user:password@db.example.com:3306/app",
  mongodb: "mongodb+srv://user:password@cluster0.example.mongodb.net/app",
  redis: "rediss://default:password@cache.example.com:6379/0",
  neo4j: "neo4j+s://neo4j:password@graph.example.com:7687",
};
