import type { Tool } from "@/lib/generated/prisma/client";
import { gatewayPublicUrl } from "@/lib/agents/gateway-url";
import type { ToolCapability, ToolDto } from "@/lib/schemas/tools";

// How tools leave the server. A tool row holds no secret: the credential is a reference to a
// connection and how to place what the gateway reads from it.

/** Where agents call the tool: TOOL_<NAME>_URL of their runtime bundle. */
export function toolUrl(name: string): string {
  return `${gatewayPublicUrl()}/t/${name}`;
}

export function storedCapabilities(raw: unknown): ToolCapability[] {
  return Array.isArray(raw) ? (raw as ToolCapability[]) : [];
}

export function presentTool(row: Tool): ToolDto {
  return {
    id: row.id,
    ...settingsView(row),
    url: toolUrl(row.name),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The tool as the audit log keeps it: the settings, which name no secret. */
export const auditView = (row: Tool) => settingsView(row);

function settingsView(row: Tool) {
  const kind = row.credentialKind;
  return {
    name: row.name,
    description: row.description,
    baseUrl: row.baseUrl,
    capabilities: storedCapabilities(row.capabilities),
    credential: {
      kind,
      connectionId: kind === "none" ? null : row.connectionId,
      placement: kind === "api_key" ? row.credentialPlacement : kind === "none" || kind === "sigv4" ? null : ("bearer" as const),
      name: kind === "api_key" ? row.credentialName : null,
      service: kind === "sigv4" ? row.sigv4Service : null,
      region: kind === "sigv4" ? row.sigv4Region : null,
    },
    callsPerMinute: row.callsPerMinute,
    recordBodies: row.recordBodies,
  };
}
