import type { ProviderDto } from "@/lib/schemas/providers";

export type Vendor = ProviderDto["vendor"];

// Client-side labels and hints (lib/llm/vendors.ts holds the server's view of the vendors).
export const VENDOR_OPTIONS: { value: Vendor; label: string; placeholder: string }[] = [
  { value: "openai", label: "OpenAI", placeholder: "sk-…" },
  { value: "anthropic", label: "Anthropic", placeholder: "sk-ant-…" },
  { value: "google", label: "Google Gemini", placeholder: "AIza…" },
  { value: "openai_compatible", label: "OpenAI-compatible", placeholder: "The server's API key" },
];

export const vendorLabel = (v: Vendor) => VENDOR_OPTIONS.find((o) => o.value === v)?.label ?? v;

export const STATUS_BADGE: Record<ProviderDto["status"], { label: string; variant: "success" | "warning" | "destructive" }> = {
  active: { label: "Active", variant: "success" },
  pending: { label: "Not validated", variant: "warning" },
  needs_reconnect: { label: "Needs a new key", variant: "warning" },
  error: { label: "Error", variant: "destructive" },
};
