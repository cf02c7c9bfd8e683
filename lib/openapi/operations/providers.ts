import { z } from "zod";
import { createProviderBody, providerListResponse, providerResponse, updateProviderBody } from "@/lib/schemas/providers";
import { registerOperation, type ApiRegistry } from "../registry";

const params = z.object({ id: z.string() });

export function registerProviderOperations(r: ApiRegistry): void {
  const tags = ["LLM providers"];
  const Provider = r.schema("LlmProvider", providerResponse);
  const ProviderList = r.schema("LlmProviderList", providerListResponse);

  registerOperation(r, {
    method: "get",
    path: "/v1/providers",
    operationId: "listProviders",
    summary: "The workspace's LLM providers and the platform defaults that apply",
    description: "`platformDefaults` lists vendors with a platform key (labelled `platform`); `inUse` is true when the workspace has no provider of that vendor.",
    tags,
    auth: "workspace",
    action: "provider.read",
    responses: { 200: { description: "Providers", schema: ProviderList } },
  });
  registerOperation(r, {
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
    responses: { 201: { description: "The provider (status pending until validated)", schema: Provider } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/providers/{id}",
    operationId: "getProvider",
    summary: "One provider",
    tags,
    auth: "workspace",
    action: "provider.read",
    params,
    responses: { 200: { description: "The provider", schema: Provider } },
  });
  registerOperation(r, {
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
    responses: { 200: { description: "The provider", schema: Provider } },
  });
  registerOperation(r, {
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
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/providers/{id}/validate",
    operationId: "validateProvider",
    summary: "List the vendor's models with the key",
    description: "200 either way: `status` becomes `active` with `models`, or `error` with `statusReason` (bad key, unreachable, timeout).",
    tags,
    auth: "workspace",
    action: "provider.manage",
    params,
    responses: { 200: { description: "The provider after validation", schema: Provider } },
  });
}
