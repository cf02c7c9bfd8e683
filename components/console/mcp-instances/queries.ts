"use client";
import { useQuery } from "@tanstack/react-query";
import type { McpInstanceDto, McpToolDto } from "@/lib/schemas/mcp-instances";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";

// The MCP instance queries the instances page and the workflow editor share, so a sync or a
// policy change on one shows up in the other without a reload.

export const mcpKeys = {
  instances: (workspace: string, project: string) => ["mcp-instances", workspace, project] as const,
  tools: (workspace: string, project: string, instanceId: string) => ["mcp-instances", workspace, project, instanceId, "tools"] as const,
};

export function useMcpInstances(project: string) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  return useQuery({
    queryKey: mcpKeys.instances(workspace.slug, project),
    queryFn: ({ signal }) => call<{ data: McpInstanceDto[] }>("/v1/mcp-instances", { query: { limit: 200 }, signal }),
    staleTime: 30_000,
  });
}

export function useMcpTools(project: string, instanceId: string | undefined) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  return useQuery({
    queryKey: mcpKeys.tools(workspace.slug, project, instanceId ?? ""),
    queryFn: ({ signal }) => call<{ data: McpToolDto[] }>(`/v1/mcp-instances/${encodeURIComponent(instanceId ?? "")}/tools`, { signal }),
    enabled: Boolean(instanceId),
    staleTime: 30_000,
  });
}

export const POLICY_LABELS: Record<McpToolDto["policy"], string> = {
  allow: "Allow",
  approval_required: "Approval required",
  deny: "Deny",
};
