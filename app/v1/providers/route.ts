import { parseJson } from "@/lib/api/body";
import { json, withWorkspace } from "@/lib/api/with-auth";
import { createProvider } from "@/lib/providers/create-provider";
import { listProviders } from "@/lib/providers/list-providers";
import { createProviderBody } from "@/lib/schemas/providers";

// GET /v1/providers — the workspace's LLM providers and the platform defaults that apply
export const GET = withWorkspace(async (ctx) => listProviders(ctx.workspace.id), { action: "provider.read" });

// POST /v1/providers — add a provider; its key is sealed in the vault and never returned
export const POST = withWorkspace(async (ctx) => json(await createProvider(ctx, await parseJson(ctx.req, createProviderBody)), 201), {
  action: "provider.manage",
});
