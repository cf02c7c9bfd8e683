import { db, type Tx } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { providerSelect, type ProviderRow } from "./select";

/** A provider of this workspace; another workspace's provider is simply not found. */
export async function getProviderOrThrow(workspaceId: string, id: string, tx: Tx = db): Promise<ProviderRow> {
  const row = await tx.llmProvider.findFirst({ where: { id, workspaceId }, select: providerSelect });
  if (!row) throw notFound("Provider");
  return row;
}
