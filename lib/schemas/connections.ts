import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { API_KEY_PROVIDERS, DATABASE_PROVIDERS, needsBaseUrl } from "@/lib/schemas/connection-catalog";
import { page, timestamp } from "./common";

const connectionType = z.enum(["api_key", "oauth2", "database", "whatsapp"]);
export const connectionEnvironment = z.enum(["sandbox", "production"]);
const connectionStatus = z.enum(["pending", "active", "needs_reconnect", "error"]);

const name = z.string().trim().min(1).max(100);
const secret = z.string().min(1).max(16_384).describe("Write-only: stored encrypted, never returned");
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((u) => {
    // Refinements run even after the url check failed, so parse defensively.
    const parsed = URL.canParse(u) ? new URL(u) : null;
    return !parsed || (!parsed.username && !parsed.password);
  }, "Credentials do not belong in the URL");

// Non-secret settings per type. Strict so a secret pasted into the wrong field is refused.
export const apiKeyFields = z.strictObject({
  baseUrl: httpUrl.optional().describe("Overrides the vendor's default base URL (required for Shopify, ActiveCampaign and custom)"),
  headerName: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .optional()
    .describe("Custom only: the header carrying the key"),
  headerPrefix: z.string().max(32).optional().describe("Custom only: text before the key, e.g. `Bearer `"),
  testPath: z.string().startsWith("/").max(512).optional().describe("Custom only: path of a cheap authenticated GET"),
});
export const databaseFields = z.strictObject({
  path: z.string().startsWith("/").max(1024).optional().describe("SQLite only: absolute path of the database file (opened read-only)"),
});
export const whatsappFields = z.strictObject({
  phoneNumberId: z.string().regex(/^\d{1,32}$/),
  businessAccountId: z.string().regex(/^\d{1,32}$/),
});

const base = { name, environment: connectionEnvironment.default("production") };

const apiKeyBody = z
  .strictObject({ ...base, type: z.literal("api_key"), provider: z.enum(API_KEY_PROVIDERS), secret, fields: apiKeyFields.default({}) })
  .superRefine((b, ctx) => {
    if (needsBaseUrl(b.provider) && !b.fields.baseUrl) ctx.addIssue({ code: "custom", path: ["fields", "baseUrl"], message: "This vendor needs a base URL" });
    if (b.provider === "custom" && !b.fields.headerName) ctx.addIssue({ code: "custom", path: ["fields", "headerName"], message: "Name the header that carries the key" });
  });
const databaseBody = z
  .strictObject({ ...base, type: z.literal("database"), provider: z.enum(DATABASE_PROVIDERS), secret: secret.optional(), fields: databaseFields.default({}) })
  .superRefine((b, ctx) => {
    if (b.provider === "sqlite" && !b.fields.path) ctx.addIssue({ code: "custom", path: ["fields", "path"], message: "Give the database file's absolute path" });
    if (b.provider !== "sqlite" && !b.secret)
      ctx.addIssue({ code: "custom", path: ["secret"], message: b.provider === "firestore" ? "Paste the service-account JSON" : "Give the connection string" });
  });
const whatsappBody = z.strictObject({ ...base, type: z.literal("whatsapp"), provider: z.literal("whatsapp").default("whatsapp"), secret, fields: whatsappFields });
// Accepted by the schema only to answer with a pointer to the OAuth flow.
const oauthBody = z.object({ type: z.literal("oauth2") });

export const createConnectionBody = z.discriminatedUnion("type", [apiKeyBody, databaseBody, whatsappBody, oauthBody]);
export type CreateConnectionBody = z.infer<typeof createConnectionBody>;

export const updateConnectionBody = z
  .strictObject({
    name: name.optional(),
    environment: connectionEnvironment.optional(),
    fields: z.record(z.string(), z.unknown()).optional().describe("Non-secret settings, validated against the connection's type; merged"),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to change");
export type UpdateConnectionBody = z.infer<typeof updateConnectionBody>;

export const rotateConnectionBody = z.strictObject({ secret });

export const listConnectionsQuery = pageQuery.extend({
  type: connectionType.optional(),
  status: connectionStatus.optional(),
  environment: connectionEnvironment.optional(),
});
export type ListConnectionsQuery = z.infer<typeof listConnectionsQuery>;

export const connectionResponse = z.object({
  id: z.string(),
  name: z.string(),
  type: connectionType,
  provider: z.string(),
  environment: connectionEnvironment,
  status: connectionStatus,
  statusReason: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()).describe("Non-secret settings"),
  secretHint: z.string().nullable().describe("Enough to recognise the secret (e.g. `…f3a9`), never the secret"),
  secretVersion: z.int(),
  scopes: z.array(z.string()),
  lastValidatedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ConnectionDto = z.infer<typeof connectionResponse>;

export const connectionPage = page(connectionResponse);

export const rotateConnectionResponse = connectionResponse.extend({ rotated: z.literal(true) });
