import { resolveTarget } from "@/lib/calls/resolve-model-target";
import type { EffectiveModel } from "@/lib/agents/agent-models";
import type { LlmVendor } from "@/lib/generated/prisma/enums";

// Which upstream (base URL, key) a model route uses: the workspace's provider, else the
// platform key for the vendor (lib/calls resolveTarget decides). Keys are decrypted once and
// kept for TTL_MS in this process's memory only; a vendor's 401 drops the entry at once.

const TTL_MS = 30_000;

export type Target = { vendor: LlmVendor; providerId: string; apiKey: string; baseUrl: string; keySource: "platform" | "workspace" };

const cache = new Map<string, { until: number; value: Promise<Target> }>();

const keyOf = (workspaceId: string, route: EffectiveModel) => `${workspaceId}|${route.providerId ?? `vendor:${route.vendor}`}`;

export function targetFor(workspaceId: string, route: EffectiveModel): Promise<Target> {
  const key = keyOf(workspaceId, route);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until >= now) return hit.value;
  const value = resolveTarget(workspaceId, { providerId: route.providerId, vendor: route.vendor }).then(
    (t): Target => ({ vendor: t.provider.vendor, providerId: t.provider.id, apiKey: t.apiKey, baseUrl: t.baseUrl, keySource: t.provider.id === "platform" ? "platform" : "workspace" }),
  );
  cache.set(key, { until: now + TTL_MS, value });
  value.catch(() => cache.delete(key));
  if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
  return value;
}

/** Drops the workspace's cached targets (its providers changed); null: every workspace's. */
export function forgetWorkspaceTargets(workspaceId: string | null): void {
  if (workspaceId === null) return cache.clear();
  for (const key of cache.keys()) if (key.startsWith(`${workspaceId}|`)) cache.delete(key);
}

export function forgetTarget(workspaceId: string, route: EffectiveModel): void {
  cache.delete(keyOf(workspaceId, route));
}
