import { notifyGateway } from "@/lib/db/notify-gateway";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import { encryptSecret } from "@/lib/vault";
import { keyHint } from "@/lib/llm/vendors";
import type { CreateProviderInput, ProviderDto } from "@/lib/schemas/providers";
import type { WorkspaceScope } from "@/lib/core/scope";
import { checkBaseUrl } from "./check-base-url";
import { presentProvider } from "./present";
import { providerKeyRef, providerSelect } from "./select";

const MAX_PROVIDERS = 50;
const duplicate = () => new ApiError("conflict", "A provider with this name already exists", { details: [{ path: "name", message: "Already used" }] });

/** Stores a provider with its key sealed in the vault (status pending until Validate). */
export async function createProvider(scope: WorkspaceScope, input: CreateProviderInput): Promise<ProviderDto> {
  const workspaceId = scope.workspace.id;
  await checkBaseUrl(input.baseUrl);
  try {
    return await db.$transaction(async (tx) => {
      if ((await tx.llmProvider.count({ where: { workspaceId } })) >= MAX_PROVIDERS) {
        throw new ApiError("invalid_request", `A workspace can have at most ${MAX_PROVIDERS} providers`);
      }
      if (await tx.llmProvider.findFirst({ where: { workspaceId, name: input.name }, select: { id: true } })) throw duplicate();
      // The id comes first: the ciphertext is bound to this row.
      const id = newId("llmProvider");
      const apiKey = await encryptSecret(providerKeyRef(workspaceId, id), input.apiKey, tx);
      const row = await tx.llmProvider.create({
        data: { id, workspaceId, name: input.name, vendor: input.vendor, baseUrl: input.baseUrl ?? null, apiKey, keyHint: keyHint(input.apiKey), createdById: scope.principal.userId },
        select: providerSelect,
      });
      // A vendor's calls move from the platform key to this provider: gateways drop their keys.
      await notifyGateway(tx, { kind: "workspace", workspaceId });
      await recordScopedAudit(scope, { action: "provider.create", target: { type: "llm_provider", id }, after: { name: row.name, vendor: row.vendor, baseUrl: row.baseUrl, keyHint: row.keyHint } }, tx);
      return presentProvider(row);
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw duplicate();
    throw err;
  }
}
