import { db } from "@/lib/db/client";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/core/ids";
import { keyHint } from "@/lib/llm/vendors";
import { providerKeyRef } from "@/lib/providers/select";
import { encryptSecret } from "@/lib/vault";

/** An LLM provider with its key sealed in the vault, inserted directly (no audit entry). */
export async function createTestProvider(opts: { workspaceId: string; vendor: LlmVendor; apiKey: string; baseUrl?: string | null; name?: string; status?: "pending" | "active" | "error" }) {
  const id = newId("llmProvider");
  return db.llmProvider.create({
    data: {
      id,
      workspaceId: opts.workspaceId,
      name: opts.name ?? `${opts.vendor} ${id.slice(-6)}`,
      vendor: opts.vendor,
      baseUrl: opts.baseUrl ?? null,
      apiKey: await encryptSecret(providerKeyRef(opts.workspaceId, id), opts.apiKey),
      keyHint: keyHint(opts.apiKey),
      status: opts.status ?? "active",
    },
    select: { id: true, workspaceId: true, name: true, vendor: true, baseUrl: true },
  });
}
