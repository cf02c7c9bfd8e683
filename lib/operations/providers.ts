import { z } from "zod";
import { createProviderBody, providerListResponse, providerResponse, updateProviderBody } from "@/lib/schemas/providers";
import { json } from "@/lib/api/with-auth";
import { createProvider as create } from "@/lib/providers/create-provider";
import { deleteProvider as remove } from "@/lib/providers/delete-provider";
import { getProviderOrThrow } from "@/lib/providers/get-provider";
import { listProviders as list } from "@/lib/providers/list-providers";
import { presentProvider } from "@/lib/providers/present";
import { updateProvider as update } from "@/lib/providers/update-provider";
import { validateProvider as validate } from "@/lib/providers/validate-provider";
import { defineOperation, defineResource } from "./define";

const params = z.object({ id: z.string() });

const tags = ["LLM providers"];

export const listProviders = defineOperation({
  method: "get",
  path: "/v1/providers",
  operationId: "listProviders",
  summary: "The workspace's LLM providers and the platform defaults that apply",
  description: "`platformDefaults` lists vendors with a platform key (labelled `platform`); `inUse` is true when the workspace has no provider of that vendor.",
  tags,
  auth: "workspace",
  action: "provider.read",
  responses: { 200: { description: "Providers", schema: (c) => c.LlmProviderList } },
  handler: async (ctx) => list(ctx.workspace.id),
});

export const createProvider = defineOperation({
  method: "post",
  path: "/v1/providers",
  operationId: "createProvider",
  summary: "Add an LLM provider (OpenAI, Anthropic, Google, OpenAI-compatible)",
  description: "The key is sealed in the vault and never returned; responses carry `keyHint` only. Private and loopback base URLs are refused.",
  tags,
  auth: "workspace",
  action: "provider.manage",
  body: createProviderBody,
  errors: [409],
  responses: { 201: { description: "The provider (status pending until validated)", schema: (c) => c.LlmProvider } },
  handler: async (ctx, { body }) => json(await create(ctx, body), 201),
});

export const getProvider = defineOperation({
  method: "get",
  path: "/v1/providers/{id}",
  operationId: "getProvider",
  summary: "One provider",
  tags,
  auth: "workspace",
  action: "provider.read",
  params,
  responses: { 200: { description: "The provider", schema: (c) => c.LlmProvider } },
  documentOnly: ["params"],
  handler: async (ctx) => presentProvider(await getProviderOrThrow(ctx.workspace.id, ctx.params.id)),
});

export const updateProvider = defineOperation({
  method: "patch",
  path: "/v1/providers/{id}",
  operationId: "updateProvider",
  summary: "Rename a provider, replace its key or base URL",
  description: "A new key or base URL sets the status back to pending until the next Validate.",
  tags,
  auth: "workspace",
  action: "provider.manage",
  params,
  body: updateProviderBody,
  errors: [409],
  responses: { 200: { description: "The provider", schema: (c) => c.LlmProvider } },
  documentOnly: ["params"],
  handler: async (ctx, { body }) => update(ctx, ctx.params.id, body),
});

export const deleteProvider = defineOperation({
  method: "delete",
  path: "/v1/providers/{id}",
  operationId: "deleteProvider",
  summary: "Delete a provider and its key",
  description: "409 while model settings use the provider.",
  tags,
  auth: "workspace",
  action: "provider.manage",
  params,
  errors: [409],
  responses: { 204: { description: "Deleted" } },
  documentOnly: ["params"],
  handler: async (ctx) => {
    await remove(ctx, ctx.params.id);
    return json(null, 204);
  },
});

export const validateProvider = defineOperation({
  method: "post",
  path: "/v1/providers/{id}/validate",
  operationId: "validateProvider",
  summary: "List the vendor's models with the key",
  description: "200 either way: `status` becomes `active` with `models`, or `error` with `statusReason` (bad key, unreachable, timeout).",
  tags,
  auth: "workspace",
  action: "provider.manage",
  params,
  responses: { 200: { description: "The provider after validation", schema: (c) => c.LlmProvider } },
  documentOnly: ["params"],
  handler: async (ctx) => validate(ctx, ctx.params.id),
});

export const providersOperations = defineResource({ LlmProvider: providerResponse, LlmProviderList: providerListResponse }, [listProviders, createProvider, getProvider, updateProvider, deleteProvider, validateProvider]);

