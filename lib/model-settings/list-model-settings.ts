import { db } from "@/lib/db/client";
import type { ModelSettingDto } from "@/lib/schemas/model-settings";
import { presentSetting, settingSelect } from "./present";

/** The project's model per role, by role name. */
export async function listModelSettings(workspaceId: string, projectId: string): Promise<{ data: ModelSettingDto[] }> {
  const rows = await db.modelSetting.findMany({ where: { workspaceId, projectId }, select: settingSelect, orderBy: { role: "asc" } });
  return { data: rows.map(presentSetting) };
}
