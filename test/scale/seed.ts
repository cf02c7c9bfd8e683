// The fault test's world, written through the test factories and lib functions (DATABASE_URL
// points at the fault test's own PostgreSQL): a workspace with credits and a PAT, a workflow
// whose two http steps call the counting upstream (each call's Idempotency-Key is
// `<run>:<node>:<attempt>`), an agent with its token, a tool on the same upstream with an allow
// policy. The inbound subscription is created later through the API (its secret is shown once).
import { db } from "@/lib/db/client";
import { createConnection } from "@/lib/connections/create-connection";
import { tenant } from "@/test/support/world";
import { createTestWorkflow } from "@/test/factories/workflows";
import { createTestAgent } from "@/test/factories/agents";
import { createTestTool, createTestToolPolicy } from "@/test/factories/tools";

export const SIDE_EFFECT_STEPS = ["s1", "s2"];

export type World = Awaited<ReturnType<typeof seedWorld>>;

export async function seedWorld(upstreamUrl: string) {
  const t = await tenant({ staff: false, otherProject: false, passwordless: true, credits: 1_000_000_000_000n, token: true });
  await db.workspace.update({ where: { id: t.workspace.id }, data: { maxConcurrentRuns: 100_000 } });
  const connection = await createConnection(
    { workspace: t.workspace, project: t.project, actor: { type: "system" } },
    { type: "api_key", provider: "custom", name: "counting-upstream", environment: "production", secret: "fault-upstream-key-0123456789", fields: { baseUrl: upstreamUrl, headerName: "X-Api-Key" } },
  );
  // The default step timeout (30 s): on a loaded 2-core machine a freshly started worker's first
  // calls have taken over 10 s, and a timed-out attempt is retried under a new key by design.
  const http = (id: string) => ({ id, type: "http", config: { connectionId: connection.id, path: `/ok/${id}?delay=250` } });
  const graph = {
    nodes: [{ id: "trigger", type: "trigger", config: { inputSchema: { type: "object", properties: { k: { type: "string" } }, required: ["k"] } } }, ...SIDE_EFFECT_STEPS.map(http), { id: "output", type: "output", config: {} }],
    edges: [
      { id: "e0", source: "trigger", target: "s1" },
      { id: "e1", source: "s1", target: "s2" },
      { id: "e2", source: "s2", target: "output" },
    ],
  };
  const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph, slug: "fault" });
  const { agent, token: agentToken } = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, slug: "fault-agent" });
  const tool = await createTestTool({ workspaceId: t.workspace.id, projectId: t.project.id, name: "counter", baseUrl: upstreamUrl });
  await createTestToolPolicy({ tool, agentId: agent.id, effect: "allow" });
  return {
    workspaceId: t.workspace.id,
    projectId: t.project.id,
    headers: { authorization: `Bearer ${t.token.token}`, "x-tenant-id": t.workspace.slug, "x-project-id": t.project.slug },
    workflowId: workflow.id,
    agentId: agent.id,
    agentToken,
    toolName: tool.name,
  };
}
