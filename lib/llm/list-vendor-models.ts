import { positiveEnv } from "@/lib/core/env";
import "server-only";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { pinnedFetch } from "@/lib/net/egress/pinned-fetch";
import { baseUrlIssue, type BaseUrlIssue } from "./base-url-guard";

// Validate = list the vendor's models with the key: the cheapest call that proves the key works
// and tells which models it may use. Each vendor's "list models" endpoint, paginated.
type ListModelsResult = { ok: true; models: string[] } | { ok: false; reason: string };

const MAX_PAGES = 10;
const timeoutMs = () => positiveEnv("LLM_VALIDATE_TIMEOUT_MS", 10_000);

function request(vendor: LlmVendor, base: string, key: string, pageToken: string | null): { url: string; headers: Record<string, string> } {
  switch (vendor) {
    case "anthropic": {
      const url = `${base}/models?limit=1000${pageToken ? `&after_id=${encodeURIComponent(pageToken)}` : ""}`;
      return { url, headers: { "x-api-key": key, "anthropic-version": "2023-06-01" } };
    }
    case "google": {
      const url = `${base}/models?pageSize=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ""}`;
      return { url, headers: { "x-goog-api-key": key } };
    }
    default:
      return { url: `${base}/models`, headers: { authorization: `Bearer ${key}` } };
  }
}

type Page = { models: string[]; next: string | null };

function parsePage(vendor: LlmVendor, body: unknown): Page | null {
  if (!body || typeof body !== "object") return null;
  const b = body as { data?: { id?: unknown }[]; has_more?: unknown; last_id?: unknown; models?: { name?: unknown; supportedGenerationMethods?: unknown }[]; nextPageToken?: unknown };
  if (vendor === "google") {
    if (!Array.isArray(b.models)) return null;
    const chat = b.models.filter((x) => !Array.isArray(x.supportedGenerationMethods) || x.supportedGenerationMethods.includes("generateContent"));
    return { models: chat.map((x) => String(x.name ?? "").replace(/^models\//, "")).filter(Boolean), next: typeof b.nextPageToken === "string" && b.nextPageToken ? b.nextPageToken : null };
  }
  if (!Array.isArray(b.data)) return null;
  const models = b.data.map((x) => String(x.id ?? "")).filter(Boolean);
  return { models, next: vendor === "anthropic" && b.has_more === true && typeof b.last_id === "string" ? b.last_id : null };
}

/**
 * What is wrong with the URL a validation would call, in words that say whose URL it is (a
 * provider left without a base URL uses the vendor's) and what to do: a name that does not
 * resolve is a network problem, not a refusal.
 */
export function unusableBaseUrl(url: string, issue: BaseUrlIssue, vendorDefault: boolean): string {
  const which = vendorDefault ? `No base URL is set, so the vendor's API (${url}) is used, and it` : `The base URL ${url}`;
  const host = URL.canParse(url) ? new URL(url).hostname : url;
  switch (issue.kind) {
    case "unresolved":
      return `${which} cannot be reached: the host name ${host} does not resolve. Check the URL, or this server's DNS and outbound network access.`;
    case "private":
      return `${which} points to a private, loopback or link-local address, which providers may not call unless the operator allows the host (EGRESS_ALLOWED_HOSTS).`;
    default:
      return `${which} is not a usable URL: ${issue.message}.`;
  }
}

/** Lists the models a key may use. Failure reasons are ours (never the vendor's text, never the key). */
export async function listVendorModels(vendor: LlmVendor, baseUrl: string, key: string, opts: { vendorDefault?: boolean } = {}): Promise<ListModelsResult> {
  const issue = await baseUrlIssue(baseUrl);
  if (issue) return { ok: false, reason: unusableBaseUrl(baseUrl, issue, opts.vendorDefault ?? false) };
  const host = new URL(baseUrl).host;
  const models = new Set<string>();
  let pageToken: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { url, headers } = request(vendor, baseUrl, key, pageToken);
    let res: Response;
    try {
      res = await pinnedFetch()(url, { headers, signal: AbortSignal.timeout(timeoutMs()) });
    } catch (err) {
      const timedOut = (err as Error).name === "TimeoutError";
      return { ok: false, reason: timedOut ? `No answer from ${host} within ${timeoutMs()} ms` : `Could not reach ${host}` };
    }
    if (res.status === 401 || res.status === 403) return { ok: false, reason: `The vendor rejected the API key (HTTP ${res.status})` };
    const body = await res.json().catch(() => null);
    if (vendor === "google" && res.status === 400 && /API_KEY_INVALID|API key not valid/.test(JSON.stringify(body))) {
      return { ok: false, reason: "The vendor rejected the API key (HTTP 400)" };
    }
    if (!res.ok) return { ok: false, reason: `The vendor answered HTTP ${res.status} when listing models` };
    const parsed = parsePage(vendor, body);
    if (!parsed) return { ok: false, reason: "The vendor's model list was not in the expected format" };
    parsed.models.forEach((m) => models.add(m));
    if (!parsed.next) break;
    pageToken = parsed.next;
  }
  return { ok: true, models: [...models].sort() };
}
