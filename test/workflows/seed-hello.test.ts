import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DEMO, seedDemo } from "@/lib/seed/seed-demo";
import { evaluateExpression } from "@/lib/workflows/evaluate-expression";
import { helloGraph } from "@/lib/workflows/templates";
import { schemaErrors } from "@/lib/workflows/json-schema";
import { GET as getWorkflow } from "@/app/v1/workflows/[id]/route";
import { call } from "@/test/support/http";

describe("npm run seed: the hello workflow", () => {
  it("is created and published once in the demo project, readable with the seeded token", async () => {
    const first = await seedDemo(null);
    await seedDemo(first.password);
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
    const project = await db.project.findFirstOrThrow({ where: { workspaceId: ws.id, slug: DEMO.project } });
    const rows = await db.workflow.findMany({ where: { projectId: project.id, slug: "hello" }, include: { versions: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0].latestVersion).toBe(1);
    expect(rows[0].versions.map((v) => v.number)).toEqual([1]);
    expect(rows[0].versions[0].graph).toEqual(helloGraph());
    const res = await call(getWorkflow, "/v1/workflows/hello", {
      headers: { authorization: `Bearer ${first.token}`, "x-tenant-id": DEMO.workspace, "x-project-id": DEMO.project },
      params: { id: "hello" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ slug: "hello", latestVersion: 1, issues: [] });
  });

  it("its trigger requires a name and its transform greets it", async () => {
    const g = helloGraph();
    const trigger = g.nodes.find((n) => n.type === "trigger")!;
    const greet = g.nodes.find((n) => n.id === "greet")!;
    expect(schemaErrors(trigger.config.inputSchema, {})).toHaveLength(1);
    expect(schemaErrors(trigger.config.inputSchema, { name: 42 })).toEqual([{ path: "/name", message: "must be string" }]);
    expect(schemaErrors(trigger.config.inputSchema, { name: "Ada" })).toEqual([]);
    if (greet.type !== "transform") throw new Error("greet is a transform");
    expect(await evaluateExpression(greet.config.expression, { input: { name: "Ada" }, steps: {} })).toEqual({ greeting: "Hello, Ada!" });
  });
});
