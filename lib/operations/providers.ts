import { z } from "zod";
import { createProviderBody, providerListResponse, providerResponse, updateProviderBody } from "@/lib/schemas/providers";
import { createProvider as create } from "@/lib/providers/create-provider";
import { deleteProvider as remove } from "@/lib/providers/delete-provider";
import { getProviderOrThrow } from "@/lib/providers/get-provider";
import { listProviders as list } from "@/lib/providers/list-providers";
import { presentProvider } from "@/lib/providers/present";
import { updateProvider as update } from "@/lib/providers/update-provider";
import { validateProvider as validate } from "@/lib/providers/validate-provider";
import { defineResource } from "./define";

// The handlers read `{id}` from the route params as is: documented, not parsed.
const byPath = { params: z.object({ id: z.string() }), documentOnly: ["params"] } as const;

export const providers = defineResource({ tags: ["LLM providers"], auth: "workspace", components: { LlmProvider: providerResponse, LlmProviderList: providerListResponse } }, (op) => ({
  listProviders: op({
    route: "GET /v1/providers",
    summary: "The workspace's LLM providers and the platform defaults that apply",
    description: "`platformDefaults` lists vendors with a platform key (labelled `platform`); `inUse` is true when the workspace has no provider of that vendor.",
    action: "provider.read",
    responses: { 200: { description: "Providers", schema: (c) => c.LlmProviderList } },
    handler: async (ctx) => list(ctx.workspace.id),
  }),

  createProvider: op({
    route: "POST /v1/providers",
    summary: "Add an LLM provider (OpenAI, Anthropic, Google, OpenAI-compatible)",
    description: "The key is sealed in the vault and never returned; responses carry `keyHint` only. Private and loopback base URLs are refused.",
    action: "provider.manage",
    body: createProviderBody,
    errors: [409],
    responses: { 201: { description: "The provider (status pending until validated)", schema: (c) => c.LlmProvider } },
    handler: async (ctx, { body }) => create(ctx, body),
  }),

  getProvider: op({
    route: "GET /v1/providers/{id}",
    summary: "One provider",
    action: "provider.read",
    ...byPath,
    responses: { 200: { description: "The provider", schema: (c) => c.LlmProvider } },
    handler: async (ctx) => presentProvider(await getProviderOrThrow(ctx.workspace.id, ctx.params.id)),
  }),

  updateProvider: op({
    route: "PATCH /v1/providers/{id}",
    summary: "Rename a provider, replace its key or base URL",
    description: "A new key or base URL sets the status back to pending until the next Validate.",
    action: "provider.manage",
    ...byPath,
    body: updateProviderBody,
    errors: [409],
    responses: { 200: { description: "The provider", schema: (c) => c.LlmProvider } },
    handler: async (ctx, { body }) => update(ctx, ctx.params.id, body),
  }),

  deleteProvider: op({
    route: "DELETE /v1/providers/{id}",
    summary: "Delete a provider and its key",
    description: "409 while model settings use the provider.",
    action: "provider.manage",
    ...byPath,
    errors: [409],
    responses: { 204: { description: "Deleted" } },
    handler: async (ctx) => remove(ctx, ctx.params.id),
  }),

  validateProvider: op({
    route: "POST /v1/providers/{id}/validate",
    summary: "List the vendor's models with the key",
    description: "200 either way: `status` becomes `active` with `models`, or `error` with `statusReason` (bad key, unreachable, timeout).",
    action: "provider.manage",
    ...byPath,
    responses: { 200: { description: "The provider after validation", schema: (c) => c.LlmProvider } },
    handler: async (ctx) => validate(ctx, ctx.params.id),
  }),
}));
