import type { LlmVendor } from "@/lib/generated/prisma/enums";

// Where each vendor's API lives and where its platform default key comes from. Base URLs
// include the API version segment, so "<base>/models" lists models for every vendor.
const LLM_VENDORS = ["openai", "anthropic", "google", "openai_compatible"] as const satisfies readonly LlmVendor[];

type VendorDef = { label: string; defaultBaseUrl: string | null; baseUrlEnv: string | null; platformKeyEnv: string | null };

export const VENDORS: Record<LlmVendor, VendorDef> = {
  openai: { label: "OpenAI", defaultBaseUrl: "https://api.openai.com/v1", baseUrlEnv: "OPENAI_BASE_URL", platformKeyEnv: "PLATFORM_OPENAI_API_KEY" },
  anthropic: { label: "Anthropic", defaultBaseUrl: "https://api.anthropic.com/v1", baseUrlEnv: "ANTHROPIC_BASE_URL", platformKeyEnv: "PLATFORM_ANTHROPIC_API_KEY" },
  google: { label: "Google Gemini", defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta", baseUrlEnv: "GOOGLE_GENERATIVE_AI_BASE_URL", platformKeyEnv: "PLATFORM_GOOGLE_API_KEY" },
  // Any server speaking OpenAI chat completions; its base URL is per provider, never a platform default.
  openai_compatible: { label: "OpenAI-compatible", defaultBaseUrl: null, baseUrlEnv: null, platformKeyEnv: null },
};

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** The base URL a call uses: the provider's own, else the environment's, else the vendor's. */
export function vendorBaseUrl(vendor: LlmVendor, providerBaseUrl?: string | null): string | null {
  const def = VENDORS[vendor];
  const fromEnv = def.baseUrlEnv ? process.env[def.baseUrlEnv] : undefined;
  const url = providerBaseUrl || fromEnv || def.defaultBaseUrl;
  return url ? trimSlash(url) : null;
}

/** The platform's default key for a vendor, read only when a call needs it. */
export function platformKey(vendor: LlmVendor): string | null {
  const env = VENDORS[vendor].platformKeyEnv;
  const key = env ? process.env[env]?.trim() : undefined;
  return key ? key : null;
}

/** Vendors with a platform default key configured (the value itself never leaves this module). */
export function platformVendors(): LlmVendor[] {
  return LLM_VENDORS.filter((v) => platformKey(v) !== null);
}

/** "…f3a9": enough to recognise a key, useless to attack; none for keys too short to spare 4 characters. */
export function keyHint(key: string): string | null {
  return key.length >= 12 ? `…${key.slice(-4)}` : null;
}
