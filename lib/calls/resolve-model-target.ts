import "server-only";
import { db } from "@/lib/db/client";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { getProviderSecret } from "@/lib/providers/get-provider-secret";
import { baseUrlProblem } from "@/lib/llm/base-url-guard";
import { LlmError } from "@/lib/llm/errors";
import { platformKey, vendorBaseUrl } from "@/lib/llm/vendors";

export type ProviderLabel = { id: string; vendor: LlmVendor };
type ResolvedTarget = { provider: ProviderLabel; apiKey: string; baseUrl: string };

/**
 * Which key a call uses: the named provider (of this workspace), else the workspace's provider
 * for the vendor (an active one first, then the newest), else the platform key for the vendor,
 * labelled "platform".
 */
export async function resolveTarget(workspaceId: string, ref: { providerId?: string | null; vendor?: LlmVendor | null }): Promise<ResolvedTarget> {
  let row: { id: string; vendor: LlmVendor; baseUrl: string | null } | null = null;
  if (ref.providerId) {
    row = await db.llmProvider.findFirst({ where: { id: ref.providerId, workspaceId }, select: { id: true, vendor: true, baseUrl: true } });
    if (!row) throw new LlmError("llm_not_configured", "The provider does not exist in this workspace");
  } else if (ref.vendor) {
    const rows = await db.llmProvider.findMany({ where: { workspaceId, vendor: ref.vendor }, select: { id: true, vendor: true, baseUrl: true, status: true }, orderBy: { id: "desc" } });
    row = rows.find((r) => r.status === "active") ?? rows[0] ?? null;
  } else {
    throw new LlmError("llm_not_configured", "A call needs a providerId or a vendor");
  }

  if (row) {
    const baseUrl = vendorBaseUrl(row.vendor, row.baseUrl);
    const apiKey = await getProviderSecret(workspaceId, row.id);
    if (!baseUrl || !apiKey) throw new LlmError("llm_not_configured", "The provider is missing its base URL or key");
    const problem = await baseUrlProblem(baseUrl);
    if (problem) throw new LlmError("llm_not_configured", `The provider's base URL is refused: ${problem}`);
    return { provider: { id: row.id, vendor: row.vendor }, apiKey, baseUrl };
  }
  const vendor = ref.vendor as LlmVendor;
  const apiKey = platformKey(vendor);
  const baseUrl = vendorBaseUrl(vendor);
  if (!apiKey || !baseUrl) throw new LlmError("llm_not_configured", `The workspace has no ${vendor} provider and the platform has no default key for it`);
  return { provider: { id: "platform", vendor }, apiKey, baseUrl };
}
