import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DELETE as deleteWorkflowRoute } from "@/app/v1/workflows/[id]/route";
import { deliver, inboundWorld } from "./inbound-helpers";
import { call, inProject } from "@/test/support/http";

describe("deleting a workflow with inbound subscriptions", () => {
  it("removes its subscriptions and revokes their automation tokens in the same transaction", async () => {
    const { t, workflow, sub } = await inboundWorld();
    const before = await deliver(sub, JSON.stringify({ name: "Ada" }));
    expect(before.status).toBe(202);
    await db.run.updateMany({ where: { workflowId: workflow.id }, data: { status: "succeeded" } });

    const res = await call(deleteWorkflowRoute, `/v1/workflows/${workflow.id}`, { method: "DELETE", headers: inProject(t.admin, t.slug), params: { id: workflow.id } });
    expect(res.status).toBe(204);

    expect(await db.inboundSubscription.count({ where: { id: sub.id } })).toBe(0);
    const token = await db.apiToken.findUniqueOrThrow({ where: { id: sub.tokenId } });
    expect(token.revokedAt).not.toBeNull();
    const after = await deliver(sub, JSON.stringify({ name: "Ada" }));
    expect(after.status).toBe(401);
  });
});
