import { db } from "@/lib/db/client";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { settingSelect, settingVendor } from "./present";

type ResolvedModelSetting = {
  /** The role whose setting applies (`default` when the asked role has none). */
  role: string;
  providerId: string | null;
  vendor: LlmVendor;
  model: string;
  temperature: number | null;
  maxTokens: number | null;
};

/**
 * The model a project uses for a role, falling back to `default`; null when neither is set.
 * The result plugs into callModel: `{ providerId }` or, for the platform key, `{ vendor }`.
 */
export async function resolveModelSetting(projectId: string, role: string): Promise<ResolvedModelSetting | null> {
  const rows = await db.modelSetting.findMany({ where: { projectId, role: { in: [role, "default"] } }, select: settingSelect });
  const row = rows.find((r) => r.role === role) ?? rows.find((r) => r.role === "default");
  if (!row) return null;
  const vendor = settingVendor(row);
  if (!vendor) return null;
  return { role: row.role, providerId: row.providerId, vendor, model: row.model, temperature: row.temperature, maxTokens: row.maxTokens };
}
