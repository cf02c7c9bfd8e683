import { db } from "@/lib/db/client";
import type { ProviderListDto } from "@/lib/schemas/providers";
import { presentPlatformDefaults, presentProvider } from "./present";
import { providerSelect } from "./select";

/** The workspace's providers (oldest first) and the platform defaults that apply to it. */
export async function listProviders(workspaceId: string): Promise<ProviderListDto> {
  const rows = await db.llmProvider.findMany({ where: { workspaceId }, select: providerSelect, orderBy: { id: "asc" } });
  return { data: rows.map(presentProvider), platformDefaults: presentPlatformDefaults(new Set(rows.map((r) => r.vendor))) };
}
