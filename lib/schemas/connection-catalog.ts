// The vendors a connection can point at. Pure data (no Node imports) so the console's vendor
// picker and the server's Test connection read the same catalog.

export const API_KEY_PROVIDERS = ["github", "resend", "exa", "notion", "shopify", "activecampaign", "clickup", "custom"] as const;
export type ApiKeyProvider = (typeof API_KEY_PROVIDERS)[number];

export const DATABASE_PROVIDERS = ["postgres", "mysql", "mongodb", "redis", "neo4j", "sqlite", "firestore"] as const;

export const OAUTH_PROVIDERS = ["google", "linkedin"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

const SHOPIFY_API_VERSION = "2025-01";
export const WHATSAPP_GRAPH_VERSION = "v21.0";

type ApiKeyVendor = {
  id: ApiKeyProvider;
  label: string;
  /** Null when the base URL is per account (shop domain, account URL, custom). */
  defaultBaseUrl: string | null;
  baseUrlHint?: string;
  /** The cheapest authenticated call that proves the key: its identity or a tiny listing. */
  identityPath: string;
  /** Request headers carrying the key (custom vendors build theirs from fields). */
  authHeaders: (key: string) => Record<string, string>;
};

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

export const API_KEY_VENDORS: Record<Exclude<ApiKeyProvider, "custom">, ApiKeyVendor> = {
  github: {
    id: "github",
    label: "GitHub (PAT)",
    defaultBaseUrl: "https://api.github.com",
    identityPath: "/user",
    authHeaders: (k) => ({ ...bearer(k), Accept: "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28" }),
  },
  resend: { id: "resend", label: "Resend", defaultBaseUrl: "https://api.resend.com", identityPath: "/domains", authHeaders: bearer },
  // Exa has no identity endpoint; listing one webset is authenticated and costs no search credits.
  exa: { id: "exa", label: "Exa", defaultBaseUrl: "https://api.exa.ai", identityPath: "/websets/v0/websets?limit=1", authHeaders: (k) => ({ "x-api-key": k }) },
  notion: {
    id: "notion",
    label: "Notion",
    defaultBaseUrl: "https://api.notion.com",
    identityPath: "/v1/users/me",
    authHeaders: (k) => ({ ...bearer(k), "Notion-Version": "2022-06-28" }),
  },
  shopify: {
    id: "shopify",
    label: "Shopify",
    defaultBaseUrl: null,
    baseUrlHint: "https://your-shop.myshopify.com",
    identityPath: `/admin/api/${SHOPIFY_API_VERSION}/shop.json`,
    authHeaders: (k) => ({ "X-Shopify-Access-Token": k }),
  },
  activecampaign: {
    id: "activecampaign",
    label: "ActiveCampaign",
    defaultBaseUrl: null,
    baseUrlHint: "https://your-account.api-us1.com",
    identityPath: "/api/3/users/me",
    authHeaders: (k) => ({ "Api-Token": k }),
  },
  // ClickUp personal tokens go in Authorization as is, without a scheme.
  clickup: { id: "clickup", label: "ClickUp", defaultBaseUrl: "https://api.clickup.com", identityPath: "/api/v2/user", authHeaders: (k) => ({ Authorization: k }) },
};

export const PROVIDER_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.values(API_KEY_VENDORS).map((v) => [v.id, v.label])),
  custom: "Custom API",
  postgres: "PostgreSQL",
  mysql: "MySQL / MariaDB",
  mongodb: "MongoDB",
  redis: "Redis",
  neo4j: "Neo4j",
  sqlite: "SQLite",
  firestore: "Firestore",
  whatsapp: "WhatsApp",
  google: "Google Workspace",
  linkedin: "LinkedIn",
};

/** Whether a vendor needs a base URL from the caller (no default). */
export function needsBaseUrl(provider: ApiKeyProvider): boolean {
  return provider === "custom" || API_KEY_VENDORS[provider].defaultBaseUrl === null;
}
