import type { ModelCatalogDto } from "@/lib/schemas/models";
import type { ProviderListDto } from "@/lib/schemas/providers";

// The LLM step's model choices, grouped by where the call's key comes from: each workspace
// provider (its validated model list, else the catalog's models of its vendor), the platform key
// of each vendor the platform serves, and catalog models nothing serves yet (chosen anyway, they
// carry a warning).

export type ModelChoice = { value: string; model: string; providerId: string | null; label: string };
export type ModelGroup = { label: string; choices: ModelChoice[] };

type Catalog = ModelCatalogDto["data"];
type Vendor = Catalog[number]["vendor"];

export const choiceValue = (providerId: string | null, model: string) => `${providerId ?? "platform"}|${model}`;

export function modelGroups(providers: ProviderListDto | undefined, catalog: Catalog, vendorLabel: (v: Vendor) => string): ModelGroup[] {
  const nameOf = new Map(catalog.map((m) => [m.id, m.name]));
  const label = (id: string) => (nameOf.get(id) && nameOf.get(id) !== id ? `${nameOf.get(id)} · ${id}` : id);
  const groups: ModelGroup[] = [];
  for (const p of providers?.data ?? []) {
    const models = p.models.length ? p.models : catalog.filter((m) => m.vendor === p.vendor).map((m) => m.id);
    groups.push({ label: `${p.name} (${vendorLabel(p.vendor)})`, choices: models.map((m) => ({ value: choiceValue(p.id, m), model: m, providerId: p.id, label: label(m) })) });
  }
  const platform = new Set((providers?.platformDefaults ?? []).map((d) => d.vendor));
  for (const vendor of platform) {
    const models = catalog.filter((m) => m.vendor === vendor);
    if (models.length) groups.push({ label: `Platform key · ${vendorLabel(vendor)}`, choices: models.map((m) => ({ value: choiceValue(null, m.id), model: m.id, providerId: null, label: label(m.id) })) });
  }
  const served = new Set([...platform, ...(providers?.data ?? []).map((p) => p.vendor)]);
  const unserved = catalog.filter((m) => !served.has(m.vendor));
  if (unserved.length) groups.push({ label: "No provider or platform key", choices: unserved.map((m) => ({ value: choiceValue(null, m.id), model: m.id, providerId: null, label: label(m.id) })) });
  return groups.filter((g) => g.choices.length > 0);
}

/** Why the chosen model will not be served, or null when a provider or the platform key serves it. */
export function modelWarning(
  choice: { providerId: string | null; model: string },
  providers: ProviderListDto | undefined,
  catalog: Catalog,
  vendorLabel: (v: Vendor) => string,
): string | null {
  if (!providers) return null;
  if (!choice.model) return "Choose a model.";
  if (choice.providerId) {
    const p = providers.data.find((x) => x.id === choice.providerId);
    if (!p) return "This provider no longer exists in the workspace: choose another model.";
    if (p.status === "error" || p.status === "needs_reconnect") return `The provider "${p.name}" needs attention (${p.status === "error" ? "its last check failed" : "it needs a new key"}).`;
    const known = p.models.includes(choice.model) || catalog.some((m) => m.vendor === p.vendor && m.id === choice.model);
    return known ? null : `"${choice.model}" is not among the models "${p.name}" offers.`;
  }
  const entry = catalog.find((m) => m.id === choice.model);
  if (!entry) return `"${choice.model}" is not in the model catalog, so no platform key serves it.`;
  const served = providers.platformDefaults.some((d) => d.vendor === entry.vendor) || providers.data.some((p) => p.vendor === entry.vendor);
  if (!served) return `No provider or platform key serves ${entry.name}: add a provider for ${vendorLabel(entry.vendor)} in the workspace settings, or choose another model.`;
  return null;
}
