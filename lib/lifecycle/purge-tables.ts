// The order in which a workspace's rows are deleted (lib/lifecycle/purge-workspace.ts): people's
// access first (memberships, tokens), then children before parents, so every table's count is
// its own rows and no foreign-key cascade deletes anything uncounted. The shredding of the data
// key and the Workspace row itself come after these. A test holds this list against every table
// with a "workspaceId" column (test/lifecycle/purge-tables.test.ts).

export type PurgeTable = {
  table: string;
  /** Rows of the workspace ($1): a WHERE clause over the table's own columns. */
  where: string;
  /** Deleted through the privileged path (agentruntime.purge_workspace): append-only tables, and tables whose triggers must not record the purge. */
  privileged?: boolean;
};

const own = (table: string, extra: Partial<PurgeTable> = {}): PurgeTable => ({ table, where: `"workspaceId" = $1`, ...extra });

export const PURGE_TABLES: readonly PurgeTable[] = [
  own("WorkspaceMember"),
  own("ProjectMember"),
  own("UserLastProject"),
  own("ApiToken"),
  own("Invitation"),
  own("Domain"),
  own("OAuthState"),
  { table: "WebhookAttempt", where: `"deliveryId" IN (SELECT id FROM "WebhookDelivery" WHERE "workspaceId" = $1)` },
  own("WebhookDelivery"),
  own("WebhookEndpoint"),
  own("InboundDelivery"),
  own("InboundSubscription"),
  own("ToolPolicy"),
  own("Tool"),
  own("McpTool"),
  own("McpInstance"),
  own("AgentToken"),
  own("Approval"),
  own("UsageRecord"),
  own("RunEvent"),
  // Privileged so the run stats triggers (migration run_stats_rollup) write no deltas for rows
  // the purge removes; the rollup tables are emptied right after.
  own("RunStep", { privileged: true }),
  own("Run", { privileged: true }),
  own("RunStatsDelta"),
  own("RunLatencyDelta"),
  own("RunStatsRollup"),
  own("RunLatencyRollup"),
  own("Agent"),
  own("WorkflowVersion"),
  own("Workflow"),
  own("ModelSetting"),
  own("LlmProvider"),
  own("Connection"),
  own("IdempotencyKey"),
  own("DataExport"),
  own("Project"),
  own("CheckoutSession"),
  own("StripeEvent"),
  own("LedgerEntry", { privileged: true }),
  own("WorkspaceBalance"),
  { table: "AuditBurst", where: `"auditId" IN (SELECT id FROM "AuditLog" WHERE "workspaceId" = $1)` },
  own("AuditLog", { privileged: true }),
];

/** Tables with a "workspaceId" column that are not purged by the list above, on purpose. */
export const PURGE_EXEMPT: Record<string, string> = {
  WorkspaceKey: "shredded in its own step (the key id goes into the certificate)",
  WorkspaceDeletion: "the deletion's own record and certificate",
  BillingRetention: "bookkeeping records the law may require (README: Data lifecycle)",
};
