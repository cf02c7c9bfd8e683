import pg from "pg";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { intEnv } from "@/lib/core/env";
import { hashToken, isWellFormedToken } from "@/lib/tokens/format";
import { loadEffectiveModels, type EffectiveModel } from "@/lib/agents/agent-models";
import { GATEWAY_CHANNEL, type GatewayChange } from "@/lib/db/notify-gateway";
import { forgetWorkspaceTargets } from "./llm/targets";

// What the gateway knows about agents and their tokens, cached in memory. Every change made
// through the API notifies GATEWAY_CHANNEL at commit and the entry is dropped here; the TTL is
// the backstop for a notification lost while the LISTEN connection was down (it is also
// cleared whole on reconnect).

export type AgentConfig = {
  id: string;
  workspaceId: string;
  projectId: string;
  slug: string;
  endpointUrl: string;
  jwksUrl: string | null;
  issuer: string | null;
  audiences: string[];
  algorithms: string[];
  userClaim: string;
  allowedOrigins: ReadonlySet<string>;
  runBudget: bigint | null;
  projectDefaultRunBudget: bigint | null;
  tokensPerMinute: number | null;
  endUserTokensPerMinute: number | null;
  models: EffectiveModel[];
  /** The workspace is in its deletion grace window: every call answers 403 workspace_pending_deletion. */
  pendingDeletion: boolean;
};

type TokenEntry = { agentId: string; tokenId: string; expiresAt: number | null } | null;
type Cached<T> = { value: T; until: number };

const ttlMs = () => intEnv("GATEWAY_CACHE_TTL_MS", 30_000, { invalid: "fallback" });
const NEGATIVE_TTL_MS = 5_000;

export class AgentDirectory {
  private agents = new Map<string, Cached<AgentConfig | null>>();
  private loading = new Map<string, Promise<AgentConfig | null>>();
  private tokens = new Map<string, Cached<TokenEntry>>();
  private listener: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private listeners: ((change: GatewayChange | null) => void)[] = [];

  /** Also tells `listener` of every change (other caches of the gateway: tools, credentials). */
  onChange(listener: (change: GatewayChange | null) => void): void {
    this.listeners.push(listener);
  }

  /** Starts listening for changes; resolves once the LISTEN is in place. */
  async start(): Promise<void> {
    await this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.listener?.end().catch(() => {});
  }

  /** The agent an `ar_agt_` token belongs to, or null (unknown, revoked, expired, malformed). */
  async agentForToken(token: string): Promise<{ agent: AgentConfig; tokenId: string; tokenHash: string } | null> {
    if (!isWellFormedToken(token, "agent")) return null;
    const hash = hashToken(token);
    const now = Date.now();
    let hit = this.tokens.get(hash);
    if (!hit || hit.until < now) {
      const row = await db.agentToken.findUnique({ where: { tokenHash: hash }, select: { id: true, agentId: true, revokedAt: true, expiresAt: true } });
      const value: TokenEntry = row && !row.revokedAt ? { agentId: row.agentId, tokenId: row.id, expiresAt: row.expiresAt?.getTime() ?? null } : null;
      hit = { value, until: now + (value ? ttlMs() : NEGATIVE_TTL_MS) };
      this.tokens.set(hash, hit);
      if (value) void db.agentToken.update({ where: { id: value.tokenId }, data: { lastUsedAt: new Date() } }).catch(() => {});
    }
    const entry = hit.value;
    if (!entry || (entry.expiresAt !== null && entry.expiresAt <= now)) return null;
    const agent = await this.agent(entry.agentId);
    return agent ? { agent, tokenId: entry.tokenId, tokenHash: hash } : null;
  }

  /** Drops one token from the cache (the database said it is revoked). */
  forgetToken(hash: string): void {
    this.tokens.delete(hash);
  }

  /** The agent with this id, or null. Concurrent misses share one load. */
  async agent(id: string): Promise<AgentConfig | null> {
    const hit = this.agents.get(id);
    if (hit && hit.until >= Date.now()) return hit.value;
    let pending = this.loading.get(id);
    if (!pending) {
      pending = loadAgent(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
      const value = await pending;
      this.agents.set(id, { value, until: Date.now() + (value ? ttlMs() : NEGATIVE_TTL_MS) });
      return value;
    }
    return pending;
  }

  /** Drops what a change made stale. */
  invalidate(change: GatewayChange | null): void {
    for (const listener of this.listeners) listener(change);
    if (!change) {
      this.agents.clear();
      this.tokens.clear();
      forgetWorkspaceTargets(null);
      return;
    }
    if (change.kind === "agent") {
      this.agents.delete(change.agentId);
      for (const [hash, t] of this.tokens) if (!t.value || t.value.agentId === change.agentId) this.tokens.delete(hash);
    } else if (change.kind === "project") {
      for (const [id, a] of this.agents) if (!a.value || a.value.projectId === change.projectId) this.agents.delete(id);
    } else if (change.kind === "workspace") {
      for (const [id, a] of this.agents) if (!a.value || a.value.workspaceId === change.workspaceId) this.agents.delete(id);
      forgetWorkspaceTargets(change.workspaceId);
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    client.on("notification", (msg) => {
      if (msg.channel !== GATEWAY_CHANNEL) return;
      let change: GatewayChange | null = null;
      try {
        change = JSON.parse(msg.payload ?? "null") as GatewayChange;
      } catch {
        change = null;
      }
      this.invalidate(change);
    });
    client.on("error", (err) => {
      logger.warn("gateway: LISTEN connection lost; reconnecting", { err });
      this.reconnect(client);
    });
    client.on("end", () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${GATEWAY_CHANNEL}`);
    this.listener = client;
    // Anything that changed while we were not listening is unknown: start clean.
    this.invalidate(null);
  }

  private reconnect(dead: pg.Client): void {
    if (this.closed || this.listener !== dead) return;
    this.listener = undefined;
    this.invalidate(null);
    const attempt = () => {
      if (this.closed) return;
      this.listen().catch(() => (this.retry = setTimeout(attempt, 1_000)));
    };
    this.retry = setTimeout(attempt, 100);
  }
}

async function loadAgent(id: string): Promise<AgentConfig | null> {
  const row = await db.agent.findUnique({ where: { id }, include: { project: { select: { defaultRunBudget: true, workspace: { select: { deletionScheduledFor: true } } } } } });
  // A workspace pending deletion takes no gateway traffic: its agents answer 403
  // workspace_pending_deletion (the request and its cancel notify the gateway at commit).
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    slug: row.slug,
    endpointUrl: row.endpointUrl,
    jwksUrl: row.jwksUrl,
    issuer: row.issuer,
    audiences: row.audiences,
    algorithms: row.algorithms,
    userClaim: row.userClaim,
    allowedOrigins: new Set(row.allowedOrigins),
    runBudget: row.runBudget,
    projectDefaultRunBudget: row.project.defaultRunBudget,
    tokensPerMinute: row.tokensPerMinute,
    endUserTokensPerMinute: row.endUserTokensPerMinute,
    models: await loadEffectiveModels(row),
    pendingDeletion: row.project.workspace.deletionScheduledFor !== null,
  };
}
