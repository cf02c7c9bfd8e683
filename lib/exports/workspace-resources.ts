import { db } from "@/lib/db/client";
import { keyset, type ExportResource } from "./rows";

// Everything a workspace owns, one archive file per table, in this order. Left out on purpose:
// secrets (vault ciphertexts, the wrapped data key, token and invitation hashes), pending OAuth
// states (ciphertext, minutes long) and idempotency keys (a 24-hour replay cache).
export function workspaceResources(workspaceId: string): ExportResource[] {
  const ws = { workspaceId };
  const byId = { key: ["id"] };
  return [
    keyset("workspace", db.workspace, { where: { id: workspaceId }, ...byId }),
    keyset("projects", db.project, { where: ws, ...byId }),
    keyset("members", db.workspaceMember, {
      where: ws,
      key: ["workspaceId", "userId"],
      cursorName: "workspaceId_userId",
      include: { user: { select: { id: true, email: true, name: true } } },
    }),
    keyset("project_members", db.projectMember, { where: ws, key: ["projectId", "userId"], cursorName: "projectId_userId" }),
    keyset("invitations", db.invitation, { where: ws, ...byId, omit: { tokenHash: true } }),
    keyset("domains", db.domain, { where: ws, ...byId }),
    keyset("api_tokens", db.apiToken, { where: ws, ...byId, omit: { tokenHash: true } }),
    keyset("connections", db.connection, { where: ws, ...byId, omit: { secret: true } }),
    keyset("llm_providers", db.llmProvider, { where: ws, ...byId, omit: { apiKey: true } }),
    keyset("model_settings", db.modelSetting, { where: ws, ...byId }),
    keyset("mcp_instances", db.mcpInstance, { where: ws, ...byId }),
    keyset("mcp_tools", db.mcpTool, { where: ws, ...byId }),
    keyset("agents", db.agent, { where: ws, ...byId }),
    keyset("agent_tokens", db.agentToken, { where: ws, ...byId, omit: { tokenHash: true } }),
    keyset("tools", db.tool, { where: ws, ...byId }),
    keyset("tool_policies", db.toolPolicy, { where: ws, ...byId }),
    keyset("workflows", db.workflow, { where: ws, ...byId }),
    keyset("workflow_versions", db.workflowVersion, { where: ws, ...byId }),
    keyset("runs", db.run, { where: ws, ...byId }),
    keyset("run_steps", db.runStep, { where: ws, ...byId }),
    keyset("run_events", db.runEvent, { where: ws, key: ["runId", "seq"], cursorName: "runId_seq" }),
    keyset("approvals", db.approval, { where: ws, ...byId }),
    keyset("usage_records", db.usageRecord, { where: ws, ...byId }),
    keyset("inbound_subscriptions", db.inboundSubscription, { where: ws, ...byId, omit: { signingSecret: true } }),
    keyset("inbound_deliveries", db.inboundDelivery, { where: ws, ...byId }),
    keyset("webhook_endpoints", db.webhookEndpoint, { where: ws, ...byId, omit: { secret: true, previousSecret: true } }),
    keyset("webhook_deliveries", db.webhookDelivery, { where: ws, ...byId }),
    keyset("webhook_attempts", db.webhookAttempt, { where: { delivery: ws }, ...byId }),
    keyset("ledger_entries", db.ledgerEntry, { where: ws, ...byId }),
    keyset("balance", db.workspaceBalance, { where: ws, key: ["workspaceId"] }),
    keyset("checkout_sessions", db.checkoutSession, { where: ws, ...byId }),
    keyset("audit_log", db.auditLog, { where: ws, ...byId }),
  ];
}

/** What the manifest says is not in the archive, and why. */
export const WORKSPACE_EXCLUSIONS = [
  "Secrets: connection secrets, LLM provider API keys, webhook and inbound signing secrets (vault ciphertexts) and the workspace data key",
  "Credential hashes: API token, agent token and invitation token hashes (metadata and display prefixes are included)",
  "Pending OAuth authorizations (short-lived, encrypted) and idempotency keys (a 24-hour replay cache)",
];
