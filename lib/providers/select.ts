import type { Prisma } from "@/lib/generated/prisma/client";

// Every read of LlmProvider goes through this select: it never includes the key ciphertext.
// Only getProviderSecret reads `apiKey`.
export const providerSelect = {
  id: true,
  workspaceId: true,
  name: true,
  vendor: true,
  baseUrl: true,
  keyHint: true,
  status: true,
  statusReason: true,
  models: true,
  lastValidatedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.LlmProviderSelect;

export type ProviderRow = Prisma.LlmProviderGetPayload<{ select: typeof providerSelect }>;

/** The vault reference of a provider's key: its workspace, table, row and column. */
export const providerKeyRef = (workspaceId: string, id: string) => ({ workspaceId, table: "LlmProvider", rowId: id, column: "apiKey" });
