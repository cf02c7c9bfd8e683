import { db, type Tx } from "@/lib/db/client";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { findCatalogModel } from "@/lib/llm/catalog";
import { envName } from "@/lib/schemas/agents";

// Which model an agent uses for each role: its own `models` entries first, then the project's
// model settings for the roles it does not list. The runtime bundle injects these, and the
// gateway's LLM endpoint routes by them, so both read this one function.

/** An entry of Agent.models as stored (JSON): what createAgent/updateAgent validated. */
type StoredAgentModel = { role: string; model: string; providerId?: string | null; temperature?: number | null; maxTokens?: number | null };

/** A project ModelSetting row, with its provider's vendor when it has one. */
export type ProjectModelSettingRow = {
  role: string;
  model: string;
  providerId: string | null;
  temperature: number | null;
  maxTokens: number | null;
  provider?: { vendor: LlmVendor } | null;
};

/** Providers of the agent's workspace its entries name, with their vendor. */
export type ProviderVendor = { id: string; vendor: LlmVendor };

export type EffectiveModel = {
  role: string;
  model: string;
  /** null: the platform key of `vendor`. */
  providerId: string | null;
  vendor: LlmVendor;
  temperature?: number;
  maxTokens?: number;
  source: "agent" | "project";
};

const CATALOG_VENDORS = ["openai", "anthropic", "google"] as const;
/** The vendor whose catalog prices `model` (the platform key that can serve it), or null. */
export const catalogVendor = (model: string): LlmVendor | null => CATALOG_VENDORS.find((v) => findCatalogModel(v, model)) ?? null;

/** Agent.models as stored, tolerating rows written by hand (bad entries are skipped). */
export function storedAgentModels(models: unknown): StoredAgentModel[] {
  if (!Array.isArray(models)) return [];
  return models.filter((m): m is StoredAgentModel => !!m && typeof m === "object" && typeof m.role === "string" && typeof m.model === "string");
}

const tuning = (m: { temperature?: number | null; maxTokens?: number | null }) => ({
  ...(typeof m.temperature === "number" ? { temperature: m.temperature } : {}),
  ...(typeof m.maxTokens === "number" ? { maxTokens: m.maxTokens } : {}),
});

/**
 * The agent's model per role. A provider named by an agent entry but no longer in `providers`
 * (deleted since) falls back to the platform key of the model's catalog vendor, as a project
 * setting does when its provider is deleted; an entry whose vendor cannot be told is left out.
 * A project role whose env name (LLM_MODEL_<ROLE>) an earlier role already takes is left out.
 */
export function effectiveModels(agent: { models: unknown }, projectModelSettings: readonly ProjectModelSettingRow[], providers: readonly ProviderVendor[] = []): EffectiveModel[] {
  const vendorOf = new Map(providers.map((p) => [p.id, p.vendor]));
  const out: EffectiveModel[] = [];
  const taken = new Set<string>();
  const add = (m: Omit<EffectiveModel, "vendor">, vendor: LlmVendor | null) => {
    if (!vendor || taken.has(envName(m.role))) return;
    taken.add(envName(m.role));
    out.push({ ...m, vendor });
  };
  for (const m of storedAgentModels(agent.models)) {
    const providerVendor = m.providerId ? vendorOf.get(m.providerId) : undefined;
    const providerId = providerVendor ? m.providerId! : null;
    add({ role: m.role, model: m.model, providerId, ...tuning(m), source: "agent" }, providerVendor ?? catalogVendor(m.model));
  }
  for (const s of [...projectModelSettings].sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0))) {
    const providerVendor = s.providerId ? (s.provider?.vendor ?? vendorOf.get(s.providerId)) : undefined;
    add({ role: s.role, model: s.model, providerId: providerVendor ? s.providerId : null, ...tuning(s), source: "project" }, providerVendor ?? catalogVendor(s.model));
  }
  return out;
}

/** effectiveModels with what it needs read from the database (the agent's workspace and project). */
export async function loadEffectiveModels(agent: { workspaceId: string; projectId: string; models: unknown }, tx: Tx = db): Promise<EffectiveModel[]> {
  const providerIds = storedAgentModels(agent.models).flatMap((m) => (m.providerId ? [m.providerId] : []));
  const [settings, providers] = await Promise.all([
    tx.modelSetting.findMany({
      where: { workspaceId: agent.workspaceId, projectId: agent.projectId },
      select: { role: true, model: true, providerId: true, temperature: true, maxTokens: true, provider: { select: { vendor: true } } },
    }),
    providerIds.length ? tx.llmProvider.findMany({ where: { workspaceId: agent.workspaceId, id: { in: providerIds } }, select: { id: true, vendor: true } }) : Promise.resolve([]),
  ]);
  return effectiveModels(agent, settings, providers);
}
