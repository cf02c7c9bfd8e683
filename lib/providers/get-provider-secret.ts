import "server-only";
import { db } from "@/lib/db/client";
import { decryptSecret } from "@/lib/vault";
import { providerKeyRef } from "./select";

/**
 * The one place that decrypts a provider's key: for a model call or a Validate, never for a
 * response. Null when the provider is not in this workspace.
 */
export async function getProviderSecret(workspaceId: string, id: string): Promise<string | null> {
  const row = await db.llmProvider.findFirst({ where: { id, workspaceId }, select: { apiKey: true } });
  return row ? decryptSecret(providerKeyRef(workspaceId, id), row.apiKey) : null;
}
