import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { allowLoopback } from "@/test/connections/helpers";
import { createTestAgent } from "@/test/factories/agents";
import { asToken, expectErrorShape, inProject } from "@/test/support/http";
import { lastAudit, teamWorld } from "@/test/support/world";
import { createPolicy, createTool, deletePolicy, listenGateway, listPolicies, patchPolicy } from "./helpers";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = allowLoopback();
});
afterAll(() => restoreEnv());

/** A tool of a's default project, an agent beside it and one allow binding. */
async function world() {
  const w = await teamWorld();
  const tool = await createTool(w.admin);
  expect(tool.status, tool.text).toBe(201);
  const agent = (await createTestAgent({ workspaceId: w.a.workspace.id, projectId: w.a.project.id })).agent;
  const policy = await createPolicy(w.admin, tool.json.id, { agentId: agent.id, effect: "allow" });
  expect(policy.status, policy.text).toBe(201);
  return { ...w, toolId: tool.json.id as string, toolName: tool.json.name as string, agent, policyId: policy.json.id as string };
}

describe("/v1/tools/{id}/policies", () => {
  it("create (agent by slug), list, patch and delete; audited; gateways notified of each change", async () => {
    const { a, admin, toolId, toolName, agent, policyId } = await world();
    const gateway = await listenGateway();
    const body = { agentId: agent.slug, effect: "approval_required", method: "POST", pathPattern: "/v1/orders/:id", endUserId: "user-42", callsPerMinute: 10, endUserCallsPerMinute: 2, description: "Orders need a human" };
    const created = await createPolicy(admin, toolName, body);
    expect(created.status, created.text).toBe(201);
    const { agentId: _slug, ...settings } = body;
    expect(_slug).toBe(agent.slug);
    expect(created.json).toMatchObject({ ...settings, toolId, agent: { id: agent.id, slug: agent.slug, name: agent.name } });
    expect(created.json.id).toMatch(/^tpol_/);
    expect(await lastAudit(a.workspace.id, "tool_policy.create")).toMatchObject({ targetId: created.json.id, after: expect.objectContaining({ toolId, agentId: agent.id, effect: "approval_required" }) });

    const listed = await listPolicies(admin, toolId);
    expect(listed.status).toBe(200);
    expect(listed.json.data.map((p: { id: string }) => p.id)).toEqual([policyId, created.json.id]);
    expect(listed.json.data[1]).toEqual(created.json);

    const changed = await patchPolicy(admin, toolId, created.json.id, { effect: "deny", pathPattern: null, description: "" });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toMatchObject({ effect: "deny", pathPattern: null, method: "POST", description: null, agent: { id: agent.id } });
    expect(await lastAudit(a.workspace.id, "tool_policy.update")).toMatchObject({ before: expect.objectContaining({ effect: "approval_required" }), after: expect.objectContaining({ effect: "deny" }) });

    expect((await deletePolicy(admin, toolId, created.json.id)).status).toBe(204);
    expect((await listPolicies(admin, toolId)).json.data.map((p: { id: string }) => p.id)).toEqual([policyId]);
    expect(await lastAudit(a.workspace.id, "tool_policy.delete")).toMatchObject({ targetId: created.json.id });
    // create, patch, delete; a refused change notifies nothing.
    expect((await patchPolicy(admin, toolId, policyId, { pathPattern: "/(" })).status).toBe(422);
    await expect.poll(() => gateway.seen.length, { timeout: 2_000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 100));
    expect(gateway.seen).toEqual(Array(3).fill({ kind: "tools", projectId: a.project.id }));
    await gateway.close();
  });

  it("422: unknown or foreign agent, bad pattern, bad effect or method; nothing saved", async () => {
    const { a, b, admin, toolId, agent } = await world();
    const foreign = (await createTestAgent({ workspaceId: b.workspace.id, projectId: b.project.id })).agent;
    const otherProject = (await createTestAgent({ workspaceId: a.workspace.id, projectId: a.other.id })).agent;
    const before = await db.toolPolicy.count({ where: { toolId } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ agentId: "agt_nope", effect: "allow" }, "agentId"],
      [{ agentId: "no-such-agent", effect: "allow" }, "agentId"],
      [{ agentId: foreign.id, effect: "allow" }, "agentId"],
      [{ agentId: otherProject.slug, effect: "allow" }, "agentId"],
      [{ agentId: agent.id, effect: "maybe" }, "effect"],
      [{ agentId: agent.id, effect: "allow", method: "TRACE" }, "method"],
      [{ agentId: agent.id, effect: "allow", pathPattern: "/v1/:" }, "pathPattern"],
      [{ agentId: agent.id, effect: "allow", pathPattern: "/v1/{x" }, "pathPattern"],
      [{ agentId: agent.id, effect: "allow", pathPattern: "relative" }, "pathPattern"],
      [{ agentId: agent.id, effect: "allow", callsPerMinute: 0 }, "callsPerMinute"],
      [{ agentId: agent.id }, "effect"],
    ];
    for (const [body, path] of cases) {
      const res = await createPolicy(admin, toolId, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 422]);
      expectErrorShape(res.json, new Response(null, { headers: res.headers }), "invalid_request");
      expect([JSON.stringify(body), res.json.error.details.map((d: { path: string }) => d.path)]).toEqual([JSON.stringify(body), expect.arrayContaining([path])]);
    }
    expect(await db.toolPolicy.count({ where: { toolId } })).toBe(before);
  });

  it("PATCH refuses a bad pattern, an empty body and a change of agent, changing nothing", async () => {
    const { admin, toolId, policyId } = await world();
    const row = await db.toolPolicy.findUniqueOrThrow({ where: { id: policyId } });
    for (const body of [{ pathPattern: "/(" }, {}, { agentId: "agt_x" }, { effect: "perhaps" }]) expect((await patchPolicy(admin, toolId, policyId, body)).status).toBe(422);
    expect(await db.toolPolicy.findUniqueOrThrow({ where: { id: policyId } })).toEqual(row);
  });

  it("401 without credentials; viewers read; only project admins manage; scopes narrow", async () => {
    const { a, viewer, contributor, projectAdmin, toolId, agent, policyId } = await world();
    const anon = { "x-tenant-id": a.slug, "x-project-id": "default" };
    const anonStatuses = [(await listPolicies(anon, toolId)).status, (await createPolicy(anon, toolId, { agentId: agent.id, effect: "allow" })).status, (await patchPolicy(anon, toolId, policyId, { effect: "deny" })).status, (await deletePolicy(anon, toolId, policyId)).status];
    expect(anonStatuses).toEqual(Array(4).fill(401));
    for (const h of [inProject(viewer, a.slug), inProject(contributor, a.slug)]) {
      expect((await listPolicies(h, toolId)).status).toBe(200);
      const refused = [await createPolicy(h, toolId, { agentId: agent.id, effect: "allow" }), await patchPolicy(h, toolId, policyId, { effect: "deny" }), await deletePolicy(h, toolId, policyId)];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
    }
    expect((await patchPolicy(inProject(projectAdmin, a.slug), toolId, policyId, { effect: "deny" })).status).toBe(200);
    const reader = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"], slug: a.slug })), "x-project-id": "default" };
    expect((await listPolicies(reader, toolId)).status).toBe(200);
    const refused = await createPolicy(reader, toolId, { agentId: agent.id, effect: "allow" });
    expect([refused.status, refused.json.error.code]).toEqual([403, "insufficient_scope"]);
  });

  it("404: another tenant's or project's tool, and a policy of another tool", async () => {
    const { a, b, admin, toolId, agent, policyId } = await world();
    const before = await db.toolPolicy.findUniqueOrThrow({ where: { id: policyId } });
    for (const h of [inProject(b.owner, b.slug), inProject(a.admin, a.slug, a.other.slug)]) {
      const results = [await listPolicies(h, toolId), await createPolicy(h, toolId, { agentId: agent.id, effect: "allow" }), await patchPolicy(h, toolId, policyId, { effect: "deny" }), await deletePolicy(h, toolId, policyId)];
      expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    }
    const otherTool = (await createTool(admin)).json.id as string;
    expect((await patchPolicy(admin, otherTool, policyId, { effect: "deny" })).status).toBe(404);
    expect((await deletePolicy(admin, otherTool, policyId)).status).toBe(404);
    expect(await db.toolPolicy.findUniqueOrThrow({ where: { id: policyId } })).toEqual(before);
  });
});
