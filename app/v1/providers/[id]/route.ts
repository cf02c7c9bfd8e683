import { parseJson } from "@/lib/api/body";
import { json, withWorkspace } from "@/lib/api/with-auth";
import { deleteProvider } from "@/lib/providers/delete-provider";
import { getProviderOrThrow } from "@/lib/providers/get-provider";
import { presentProvider } from "@/lib/providers/present";
import { updateProvider } from "@/lib/providers/update-provider";
import { updateProviderBody } from "@/lib/schemas/providers";

// GET /v1/providers/{id} — one provider (key hint only)
export const GET = withWorkspace(async (ctx) => presentProvider(await getProviderOrThrow(ctx.workspace.id, ctx.params.id)), { action: "provider.read" });

// PATCH /v1/providers/{id} — rename, replace the key or the base URL
export const PATCH = withWorkspace(async (ctx) => updateProvider(ctx, ctx.params.id, await parseJson(ctx.req, updateProviderBody)), { action: "provider.manage" });

// DELETE /v1/providers/{id} — delete a provider and its key
export const DELETE = withWorkspace(
  async (ctx) => {
    await deleteProvider(ctx, ctx.params.id);
    return json(null, 204);
  },
  { action: "provider.manage" },
);
