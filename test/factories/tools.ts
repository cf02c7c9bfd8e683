import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { Prisma } from "@/lib/generated/prisma/client";

// Tools and their policy bindings, written directly: no audit, no checks, no notification (a
// gateway started after them loads them fresh).

type CreateTestToolOptions = {
  workspaceId: string;
  projectId: string;
  name?: string;
  baseUrl: string;
  capabilities?: { method: string; path: string }[];
  credentialKind?: "none" | "api_key" | "oauth2" | "sigv4";
  connectionId?: string | null;
  credentialPlacement?: "header" | "query" | "bearer";
  credentialName?: string | null;
  callsPerMinute?: number | null;
  recordBodies?: boolean;
};

export async function createTestTool(opts: CreateTestToolOptions) {
  return db.tool.create({
    data: {
      id: newId("tool"),
      workspaceId: opts.workspaceId,
      projectId: opts.projectId,
      name: opts.name ?? `tool-${newId("tool").slice(-6).toLowerCase()}`,
      baseUrl: opts.baseUrl,
      capabilities: (opts.capabilities ?? []) as Prisma.InputJsonValue,
      credentialKind: opts.credentialKind ?? "none",
      connectionId: opts.connectionId ?? null,
      credentialPlacement: opts.credentialPlacement ?? "bearer",
      credentialName: opts.credentialName ?? null,
      callsPerMinute: opts.callsPerMinute ?? null,
      recordBodies: opts.recordBodies ?? false,
    },
  });
}

type CreateTestToolPolicyOptions = {
  tool: { id: string; workspaceId: string; projectId: string };
  agentId: string;
  effect: "allow" | "approval_required" | "deny";
  method?: string | null;
  pathPattern?: string | null;
  endUserId?: string | null;
  callsPerMinute?: number | null;
  endUserCallsPerMinute?: number | null;
};

export async function createTestToolPolicy(opts: CreateTestToolPolicyOptions) {
  return db.toolPolicy.create({
    data: {
      id: newId("toolPolicy"),
      workspaceId: opts.tool.workspaceId,
      projectId: opts.tool.projectId,
      toolId: opts.tool.id,
      agentId: opts.agentId,
      effect: opts.effect,
      method: opts.method ?? null,
      pathPattern: opts.pathPattern ?? null,
      endUserId: opts.endUserId ?? null,
      callsPerMinute: opts.callsPerMinute ?? null,
      endUserCallsPerMinute: opts.endUserCallsPerMinute ?? null,
    },
  });
}
