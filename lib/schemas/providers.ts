import { z } from "zod";

export const llmVendor = z.enum(["openai", "anthropic", "google", "openai_compatible"]);
const connectionStatus = z.enum(["pending", "active", "needs_reconnect", "error"]);

const providerName = z.string().trim().min(1, "Required").max(80, "Must be at most 80 characters");
// Keys are opaque strings; bounds only reject obvious mistakes (empty, pasted files).
const apiKey = z.string().trim().min(1, "Required").max(4096, "Must be at most 4096 characters").regex(/^\S+$/, "Must not contain spaces");
const baseUrl = z
  .string()
  .trim()
  .max(2048)
  .url("Must be a URL such as https://api.example.com/v1")
  .refine((u) => /^https?:\/\//i.test(u), "Must be an http(s) URL");

export const createProviderBody = z
  .strictObject({ name: providerName, vendor: llmVendor, apiKey, baseUrl: baseUrl.optional() })
  .refine((b) => b.vendor !== "openai_compatible" || b.baseUrl, { path: ["baseUrl"], message: "Required for an OpenAI-compatible provider" });
export type CreateProviderInput = z.infer<typeof createProviderBody>;

/** `baseUrl: null` returns to the vendor's default (not allowed for openai_compatible). */
export const updateProviderBody = z
  .strictObject({ name: providerName.optional(), apiKey: apiKey.optional(), baseUrl: baseUrl.nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, { message: "Nothing to change" });
export type UpdateProviderInput = z.infer<typeof updateProviderBody>;

export const providerResponse = z.object({
  id: z.string(),
  source: z.literal("workspace"),
  name: z.string(),
  vendor: llmVendor,
  baseUrl: z.string().nullable(),
  /** The key's last four characters; the key itself is never returned. */
  keyHint: z.string().nullable(),
  status: connectionStatus,
  statusReason: z.string().nullable(),
  /** Models listed by the vendor at the last successful Validate. */
  models: z.array(z.string()),
  lastValidatedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProviderDto = z.infer<typeof providerResponse>;

const platformProviderResponse = z.object({
  id: z.literal("platform"),
  source: z.literal("platform"),
  name: z.string(),
  vendor: llmVendor,
  /** True when the workspace has no provider of this vendor, so its calls use the platform key. */
  inUse: z.boolean(),
});
export type PlatformProviderDto = z.infer<typeof platformProviderResponse>;

export const providerListResponse = z.object({
  data: z.array(providerResponse),
  platformDefaults: z.array(platformProviderResponse),
});
export type ProviderListDto = z.infer<typeof providerListResponse>;
