import { routeOf } from "@/lib/operations/route";
import { providers } from "@/lib/operations/providers";

// GET /v1/providers/{id} — one provider (key hint only)
export const GET = routeOf(providers.getProvider);

// PATCH /v1/providers/{id} — rename, replace the key or the base URL
export const PATCH = routeOf(providers.updateProvider);

// DELETE /v1/providers/{id} — delete a provider and its key
export const DELETE = routeOf(providers.deleteProvider);
