import { expect, type APIRequestContext } from "@playwright/test";

// A refund workflow whose condition routes a small refund (amount ≤ 100) to a check that fails
// and a big one to a manager's approval: the run trace and screenshot specs read its runs.

export const REFUND_GRAPH = {
  formatVersion: 1,
  nodes: [
    { id: "start", type: "trigger", name: "Refund request", position: { x: 200, y: 0 }, config: { inputSchema: { type: "object", required: ["name", "amount"], properties: { name: { type: "string" }, amount: { type: "number" } } } } },
    { id: "classify", type: "transform", name: "Classify", position: { x: 200, y: 120 }, config: { expression: '{ "customer": input.name, "amount": input.amount, "tier": input.amount > 100 ? "big" : "small" }' } },
    { id: "route", type: "condition", name: "Big refund?", position: { x: 200, y: 240 }, config: { expression: "steps.classify.output.tier" } },
    { id: "review", type: "approval", name: "Manager review", position: { x: 0, y: 360 }, config: { message: "Refund {{ input.amount }}?", approverRole: "project_admin", expiresInSeconds: 3600, allowSelfApproval: true } },
    { id: "approved", type: "output", name: "Approved", position: { x: 0, y: 480 }, config: {} },
    { id: "check", type: "transform", name: "Check order", position: { x: 400, y: 360 }, config: { expression: '$error("No order found for " & steps.classify.output.customer)' } },
    { id: "refunded", type: "output", name: "Refunded", position: { x: 400, y: 480 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "classify" },
    { id: "e2", source: "classify", target: "route" },
    { id: "e3", source: "route", target: "review", branch: "big" },
    { id: "e4", source: "route", target: "check", branch: "default" },
    { id: "e5", source: "review", target: "approved" },
    { id: "e6", source: "check", target: "refunded" },
  ],
};

/** A JSON API call as the signed-in user, in the workspace `slug`'s default project; fails the test on an error status. */
export async function api<T>(request: APIRequestContext, slug: string, method: "get" | "post", url: string, data?: unknown): Promise<T> {
  const res = await request[method](url, { headers: { "X-Tenant-Id": slug, "X-Project-Id": "default" }, data });
  const text = await res.text();
  expect(res.ok(), `${method.toUpperCase()} ${url} → ${res.status()} ${text}`).toBe(true);
  return JSON.parse(text) as T;
}
