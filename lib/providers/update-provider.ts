import { notifyGateway } from "@/lib/db/notify-gateway";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import { encryptSecret } from "@/lib/vault";
import { keyHint } from "@/lib/llm/vendors";
import type { ProviderDto, UpdateProviderInput } from "@/lib/schemas/providers";
import type { WorkspaceScope } from "@/lib/core/scope";
import { checkBaseUrl } from "./check-base-url";
import { getProviderOrThrow } from "./get-provider";
import { presentProvider } from "./present";
import { providerKeyRef, providerSelect } from "./select";

const duplicate = () => new ApiError("conflict", "A provider with this name already exists", { details: [{ path: "name", message: "Already used" }] });

/** Renames a provider, replaces its key or base URL; a new key or URL needs a new Validate. */
export async function updateProvider(scope: WorkspaceScope, id: string, input: UpdateProviderInput): Promise<ProviderDto> {
  const workspaceId = scope.workspace.id;
  await checkBaseUrl(input.baseUrl);
  try {
    return await db.$transaction(async (tx) => {
      const before = await getProviderOrThrow(workspaceId, id, tx);
      if (input.baseUrl === null && before.vendor === "openai_compatible") {
        throw new ApiError("invalid_request", "The request is invalid", { details: [{ path: "baseUrl", message: "Required for an OpenAI-compatible provider" }] });
      }
      const credentialsChanged = input.apiKey !== undefined || (input.baseUrl !== undefined && input.baseUrl !== before.baseUrl);
      const row = await tx.llmProvider.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
          ...(input.apiKey !== undefined ? { apiKey: await encryptSecret(providerKeyRef(workspaceId, id), input.apiKey, tx), keyHint: keyHint(input.apiKey) } : {}),
          ...(credentialsChanged ? { status: "pending" as const, statusReason: null } : {}),
        },
        select: providerSelect,
      });
      const view = (p: typeof row) => ({ name: p.name, baseUrl: p.baseUrl, keyHint: p.keyHint, status: p.status });
      await notifyGateway(tx, { kind: "workspace", workspaceId });
      await recordScopedAudit(scope, { action: "provider.update", target: { type: "llm_provider", id }, before: view(before), after: view(row), metadata: { keyReplaced: input.apiKey !== undefined } }, tx);
      return presentProvider(row);
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw duplicate();
    throw err;
  }
}
