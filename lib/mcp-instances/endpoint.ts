import type { TenantRef } from "@/lib/core/scope";
import type { McpInstance } from "@/lib/generated/prisma/client";
import type { McpEndpoint } from "@/lib/calls/mcp-session";

/** What lib/calls needs to reach an instance's upstream. */
export function endpointOf(scope: TenantRef, row: McpInstance): McpEndpoint {
  return {
    scope: { workspaceId: scope.workspace.id, projectId: scope.project.id },
    url: row.url,
    connectionId: row.connectionId,
    credentialPlacement: row.credentialPlacement,
    credentialName: row.credentialName,
    protocolEra: row.protocolEra,
  };
}
