import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { findCatalogModel } from "@/lib/llm/catalog";
import { VENDORS } from "@/lib/llm/vendors";
import type { ModelSettingDto } from "@/lib/schemas/model-settings";

type SettingRow = {
  role: string;
  providerId: string | null;
  model: string;
  temperature: number | null;
  maxTokens: number | null;
  updatedAt: Date;
  provider: { id: string; name: string; vendor: LlmVendor } | null;
};

export const settingSelect = {
  role: true,
  providerId: true,
  model: true,
  temperature: true,
  maxTokens: true,
  updatedAt: true,
  provider: { select: { id: true, name: true, vendor: true } },
} as const;

/** The vendor of a setting: its provider's, or (platform key) the catalog's for the model. */
export function settingVendor(row: Pick<SettingRow, "provider" | "model">): LlmVendor | null {
  if (row.provider) return row.provider.vendor;
  const hit = (["openai", "anthropic", "google"] as const).find((v) => findCatalogModel(v, row.model));
  return hit ?? null;
}

export function presentSetting(row: SettingRow): ModelSettingDto {
  const vendor = settingVendor(row) ?? "openai";
  return {
    role: row.role,
    providerId: row.providerId,
    provider: row.provider
      ? { id: row.provider.id, source: "workspace", name: row.provider.name, vendor: row.provider.vendor }
      : { id: "platform", source: "platform", name: `Platform ${VENDORS[vendor].label}`, vendor },
    model: row.model,
    temperature: row.temperature,
    maxTokens: row.maxTokens,
    catalog: findCatalogModel(vendor, row.model),
    updatedAt: row.updatedAt.toISOString(),
  };
}
