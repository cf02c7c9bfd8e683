// Whether an instance lets a tool be called at all, whatever the caller: the policy `deny`,
// the instance's deny and allow lists, and its read-only flag (which admits only tools the
// upstream marks read-only — an untrusted hint, so a read-only instance should also hold a
// read-only credential). `approval_required` is not decided here: each caller has its own
// gate for it (a workflow pauses the run; the test call is a project admin's own approval).

export type GateInstance = { readOnly: boolean; allowTools: string[]; denyTools: string[] };
export type GateTool = { name: string; policy: "allow" | "approval_required" | "deny"; annotations: unknown; removedAt?: Date | null };
export type GateRefusal = { code: "tool_removed" | "tool_denied" | "tool_not_allowed" | "read_only"; message: string };

export function isReadOnlyTool(annotations: unknown): boolean {
  return !!annotations && typeof annotations === "object" && (annotations as { readOnlyHint?: unknown }).readOnlyHint === true;
}

/** The default policy of a newly listed tool: allow when the upstream marks it read-only, else ask for approval. */
export function defaultToolPolicy(annotations: unknown): "allow" | "approval_required" {
  return isReadOnlyTool(annotations) ? "allow" : "approval_required";
}

export function toolRefusal(instance: GateInstance, tool: GateTool): GateRefusal | null {
  if (tool.removedAt) return { code: "tool_removed", message: `The MCP server no longer lists ${tool.name}: sync the instance` };
  if (tool.policy === "deny") return { code: "tool_denied", message: `${tool.name} is denied by its policy` };
  if (instance.denyTools.includes(tool.name)) return { code: "tool_denied", message: `${tool.name} is on the instance's deny list` };
  if (instance.allowTools.length > 0 && !instance.allowTools.includes(tool.name)) return { code: "tool_not_allowed", message: `${tool.name} is not on the instance's allow list` };
  if (instance.readOnly && !isReadOnlyTool(tool.annotations)) return { code: "read_only", message: `The instance is read-only and ${tool.name} is not marked read-only` };
  return null;
}
