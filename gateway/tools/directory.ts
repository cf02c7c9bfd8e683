import { db } from "@/lib/db/client";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { compileCapabilities, compilePolicies, type CompiledCapability, type CompiledPolicy } from "@/lib/tools/match";
import { toolCapability, type ToolPolicyEffect } from "@/lib/schemas/tools";
import type { ToolCredentialConfig } from "@/lib/tools/credential";

// The tools the gateway knows, per project and name, with their capabilities and policy
// bindings compiled once. Dropped on a "tools" notification (any change to a project's tools,
// their policies or a connection one uses), on an agent's change (its bindings), and after the
// TTL as a backstop — the same discipline as the agent directory, whose notifications feed this.

export type ToolConfig = {
  id: string;
  workspaceId: string;
  projectId: string;
  workspaceSlug: string;
  projectSlug: string;
  name: string;
  baseUrl: URL;
  capabilities: CompiledCapability[];
  credential: ToolCredentialConfig;
  callsPerMinute: number | null;
  recordBodies: boolean;
  /** Bindings per agent, most specific first. */
  policies: Map<string, CompiledPolicy[]>;
};

type Cached = { value: ToolConfig | null; until: number };

const ttlMs = () => intEnv("GATEWAY_CACHE_TTL_MS", 30_000, { invalid: "fallback" });
const NEGATIVE_TTL_MS = 5_000;

export class ToolDirectory {
  private tools = new Map<string, Cached>();
  private loading = new Map<string, Promise<ToolConfig | null>>();

  /** The project's tool of this name, or null. Concurrent misses share one load. */
  async tool(projectId: string, name: string): Promise<ToolConfig | null> {
    const key = `${projectId}/${name}`;
    const hit = this.tools.get(key);
    if (hit && hit.until >= Date.now()) return hit.value;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = loadTool(projectId, name).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
      const value = await pending;
      this.tools.set(key, { value, until: Date.now() + (value ? ttlMs() : NEGATIVE_TTL_MS) });
      if (this.tools.size > 50_000) this.tools.delete(this.tools.keys().next().value as string);
      return value;
    }
    return pending;
  }

  forgetProject(projectId: string): void {
    const prefix = `${projectId}/`;
    for (const key of this.tools.keys()) if (key.startsWith(prefix)) this.tools.delete(key);
  }

  clear(): void {
    this.tools.clear();
  }
}

async function loadTool(projectId: string, name: string): Promise<ToolConfig | null> {
  const row = await db.tool.findUnique({
    where: { projectId_name: { projectId, name } },
    include: {
      policies: true,
      project: { select: { slug: true, workspace: { select: { slug: true } } } },
    },
  });
  if (!row) return null;
  const caps = toolCapability.array().safeParse(row.capabilities);
  if (!caps.success) logger.warn("gateway: a tool's stored capabilities are unreadable; it refuses every call", { toolId: row.id });
  const byAgent = new Map<string, CompiledPolicy[]>();
  for (const p of row.policies) {
    const list = byAgent.get(p.agentId) ?? [];
    list.push({
      id: p.id,
      effect: p.effect as ToolPolicyEffect,
      method: p.method,
      pathPattern: p.pathPattern,
      endUserId: p.endUserId,
      callsPerMinute: p.callsPerMinute,
      endUserCallsPerMinute: p.endUserCallsPerMinute,
      test: null,
      specificity: 0,
    });
    byAgent.set(p.agentId, list);
  }
  const policies = new Map<string, CompiledPolicy[]>();
  for (const [agentId, list] of byAgent) policies.set(agentId, compilePolicies(list));
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    workspaceSlug: row.project.workspace.slug,
    projectSlug: row.project.slug,
    name: row.name,
    baseUrl: new URL(row.baseUrl),
    // Unreadable capabilities match nothing (a capability that can never match): fail closed.
    capabilities: caps.success ? compileCapabilities(caps.data) : [{ method: "GET", path: "/", test: () => false }],
    credential: {
      workspaceId: row.workspaceId,
      projectId: row.projectId,
      credentialKind: row.credentialKind,
      connectionId: row.connectionId,
      credentialPlacement: row.credentialPlacement,
      credentialName: row.credentialName,
      sigv4Service: row.sigv4Service,
      sigv4Region: row.sigv4Region,
    },
    callsPerMinute: row.callsPerMinute,
    recordBodies: row.recordBodies,
    policies,
  };
}
