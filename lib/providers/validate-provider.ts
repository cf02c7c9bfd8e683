import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { listVendorModels } from "@/lib/llm/list-vendor-models";
import { vendorBaseUrl } from "@/lib/llm/vendors";
import type { ProviderDto } from "@/lib/schemas/providers";
import type { WorkspaceScope } from "@/lib/core/scope";
import { getProviderOrThrow } from "./get-provider";
import { getProviderSecret } from "./get-provider-secret";
import { presentProvider } from "./present";
import { providerSelect } from "./select";

/** Lists the vendor's models with the provider's key: active with the models, or error with the reason. */
export async function validateProvider(scope: WorkspaceScope, id: string): Promise<ProviderDto> {
  const workspaceId = scope.workspace.id;
  const provider = await getProviderOrThrow(workspaceId, id);
  const key = await getProviderSecret(workspaceId, id);
  const base = vendorBaseUrl(provider.vendor, provider.baseUrl);
  const result = !key
    ? { ok: false as const, reason: "The provider has no API key: replace the key" }
    : !base
      ? { ok: false as const, reason: "The provider has no base URL: set one (an OpenAI-compatible provider needs it)" }
      : await listVendorModels(provider.vendor, base, key, { vendorDefault: !provider.baseUrl });
  const now = new Date();
  return db.$transaction(async (tx) => {
    const row = await tx.llmProvider.update({
      where: { id },
      data: result.ok
        ? { status: "active", statusReason: null, models: result.models, lastValidatedAt: now }
        : { status: "error", statusReason: result.reason, lastValidatedAt: now },
      select: providerSelect,
    });
    await recordScopedAudit(scope, { action: "provider.validate", target: { type: "llm_provider", id }, after: { status: row.status, statusReason: row.statusReason, modelCount: row.models.length } }, tx);
    return presentProvider(row);
  });
}
