import type { LlmVendor } from "@/lib/generated/prisma/enums";
import type { PlatformProviderDto, ProviderDto } from "@/lib/schemas/providers";
import { VENDORS, platformVendors } from "@/lib/llm/vendors";
import type { ProviderRow } from "./select";

export function presentProvider(p: ProviderRow): ProviderDto {
  return {
    id: p.id,
    source: "workspace",
    name: p.name,
    vendor: p.vendor,
    baseUrl: p.baseUrl,
    keyHint: p.keyHint,
    status: p.status,
    statusReason: p.statusReason,
    models: p.models,
    lastValidatedAt: p.lastValidatedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/**
 * The platform default keys configured in the environment (never their values). `inUse` is
 * true when the workspace has no provider of that vendor, so calls fall back to the platform key.
 */
export function presentPlatformDefaults(workspaceVendors: ReadonlySet<LlmVendor>): PlatformProviderDto[] {
  return platformVendors().map((vendor) => ({
    id: "platform",
    source: "platform",
    name: `Platform ${VENDORS[vendor].label}`,
    vendor,
    inUse: !workspaceVendors.has(vendor),
  }));
}
