import { describe, expect, it } from "vitest";
import { GET as listRunsRoute } from "@/app/v1/runs/route";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { createTestAgent } from "@/test/factories/agents";
import { createTestRun } from "@/test/factories/runs";
import { call, inProject } from "@/test/support/http";
import { tenant } from "@/test/support/world";

describe("GET /v1/runs?kind=", () => {
  it("filters by kind: agent runs (one per ingress request) apart from workflow runs", async () => {
    const t = await tenant({ workflow: true });
    const wfRun = await createTestRun(t.workflow, { status: "succeeded" });
    const { agent } = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
    const agentRun = await db.run.create({
      data: { id: newId("run"), workspaceId: t.workspace.id, projectId: t.project.id, kind: "agent", agentId: agent.id, endUserId: "user-1", status: "succeeded", trigger: "agent", input: {}, budget: 1_000_000n },
    });
    const list = (query: Record<string, string>) => call(listRunsRoute, "/v1/runs", { headers: inProject(t.owner, t.slug), query });
    const ids = async (query: Record<string, string>) => (await list(query)).json.data.map((r: { id: string }) => r.id);
    expect(await ids({ kind: "agent" })).toEqual([agentRun.id]);
    expect(await ids({ kind: "workflow" })).toEqual([wfRun.id]);
    expect(await ids({})).toEqual([agentRun.id, wfRun.id]);
    expect((await list({ kind: "robot" })).status).toBe(422);
  });
});
