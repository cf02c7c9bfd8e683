// Copy-paste configurations for MCP clients pointed at this deployment's /mcp. The token is
// never written into them: each reads it from an environment variable or asks for it.

export type McpTarget = { url: string; tenant: string; project: string };
export type McpClientConfig = { id: string; label: string; where: string; code: string };

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function mcpClientConfigs({ url, tenant, project }: McpTarget): McpClientConfig[] {
  const scope = { "X-Tenant-Id": tenant, "X-Project-Id": project };
  return [
    {
      id: "cursor",
      label: "Cursor",
      where: "~/.cursor/mcp.json (or .cursor/mcp.json in a project); set AGENTRUNTIME_TOKEN in the environment Cursor starts from.",
      code: json({ mcpServers: { agentruntime: { url, headers: { Authorization: "Bearer ${env:AGENTRUNTIME_TOKEN}", ...scope } } } }),
    },
    {
      id: "claude-code",
      label: "Claude Code",
      where: "In a terminal, with AGENTRUNTIME_TOKEN exported:",
      code: [
        `claude mcp add --transport http agentruntime ${url} \\`,
        `  --header "Authorization: Bearer $AGENTRUNTIME_TOKEN" \\`,
        `  --header "X-Tenant-Id: ${tenant}" \\`,
        `  --header "X-Project-Id: ${project}"`,
      ].join("\n"),
    },
    {
      id: "claude-desktop",
      label: "Claude Desktop",
      where: "claude_desktop_config.json (Settings → Developer → Edit config), through the mcp-remote bridge; replace ar_pat_… with your token.",
      code: json({
        mcpServers: {
          agentruntime: {
            command: "npx",
            args: ["-y", "mcp-remote", url, "--header", "Authorization:${AGENTRUNTIME_AUTH}", "--header", `X-Tenant-Id:${tenant}`, "--header", `X-Project-Id:${project}`],
            env: { AGENTRUNTIME_AUTH: "Bearer ar_pat_…" },
          },
        },
      }),
    },
    {
      id: "vscode",
      label: "VS Code",
      where: ".vscode/mcp.json; VS Code asks for the token once and stores it securely.",
      code: json({
        inputs: [{ type: "promptString", id: "agentruntime-token", description: "AgentRuntime personal access token", password: true }],
        servers: { agentruntime: { type: "http", url, headers: { Authorization: "Bearer ${input:agentruntime-token}", ...scope } } },
      }),
    },
  ];
}
