import { routeOf } from "@/lib/operations/route";
import { providers } from "@/lib/operations/providers";

// GET /v1/providers — the workspace's LLM providers and the platform defaults that apply
export const GET = routeOf(providers.listProviders);

// POST /v1/providers — add a provider; its key is sealed in the vault and never returned
export const POST = routeOf(providers.createProvider);
