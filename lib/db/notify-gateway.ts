import type { Tx } from "./client";

// Gateways cache agents and their tokens in memory. Every change to either notifies them on
// this PostgreSQL channel, in the transaction that makes the change: the notification is
// delivered at commit, so a gateway never reloads a row before it is visible (and a rollback
// sends nothing). A short TTL in the cache covers a missed notification (a reconnect).
export const GATEWAY_CHANNEL = "agentruntime_gateway";

export type GatewayChange =
  | { kind: "agent"; agentId: string }
  /** The project's model settings: its agents' models per role. */
  | { kind: "project"; projectId: string }
  /** The workspace's LLM providers: which key and base URL a model call uses. */
  | { kind: "workspace"; workspaceId: string }
  /** The project's tools and their policies (the egress proxy), or a connection a tool's credential comes from. */
  | { kind: "tools"; projectId: string };

export async function notifyGateway(tx: Tx, change: GatewayChange): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${GATEWAY_CHANNEL}, ${JSON.stringify(change)})`;
}
