// A JSON body nested deeper than MAX_JSON_DEPTH (64) is refused with a 422 before it is parsed,
// on every endpoint that reads JSON: the API's bodies, inbound webhook deliveries and Stripe
// events. 3,000 levels used to overflow the stack further on (a 500).
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as stripeRoute } from "@/app/v1/billing/stripe/webhook/route";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { MAX_JSON_DEPTH } from "@/lib/core/json-depth";
import { stopBoss } from "@/lib/queue/boss";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestWorkflow } from "@/test/factories/workflows";
import { call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";
import { deliver, inboundWorld } from "@/test/webhooks/inbound-helpers";
import { api } from "@/test/workflows/helpers";

/** JSON text whose arrays and objects nest exactly `depth` levels: {"a":[[…[0]…]]}. */
function nested(depth: number): string {
  return `{"a":${"[".repeat(depth - 1)}0${"]".repeat(depth - 1)}}`;
}

/** A run-start body `{"input": …}` nesting exactly `depth` levels. */
const runBody = (depth: number) => `{"input":${nested(depth - 1)}}`;

const TOO_DEEP = {
  code: "invalid_request",
  message: `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`,
  details: [{ path: "(body)", message: `Arrays and objects may be nested at most ${MAX_JSON_DEPTH} levels deep` }],
};

function expectTooDeep(res: { status: number; json: { error: Record<string, unknown> } }) {
  expect(res.status).toBe(422);
  expect(res.json.error).toMatchObject(TOO_DEEP);
}

afterAll(() => stopBoss());

describe("POST /v1/workflows/{id}/runs", () => {
  let t: Tenant;
  let workflowId: string;
  const start = (body: string) =>
    call(startRoute, `/v1/workflows/${workflowId}/runs`, { method: "POST", headers: inProject(t.owner, t.slug, t.project.slug), body, params: { id: workflowId } });

  beforeAll(async () => {
    t = await tenant();
    await grantTestCredits(t.workspace.id);
    const graph = { nodes: [{ id: "trigger", type: "trigger", config: { inputSchema: { type: "object" } } }, { id: "output", type: "output", config: {} }], edges: [{ id: "e", source: "trigger", target: "output" }] };
    workflowId = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph })).workflow.id;
  });

  it("input nested 3,000 levels deep → 422 naming the limit, no run", async () => {
    expectTooDeep(await start(runBody(3000)));
  });

  it(`${MAX_JSON_DEPTH} levels are accepted, ${MAX_JSON_DEPTH + 1} refused`, async () => {
    const accepted = await start(runBody(MAX_JSON_DEPTH));
    expect(accepted.status).toBe(201);
    expect(JSON.stringify(accepted.json.input)).toBe(nested(MAX_JSON_DEPTH - 1));
    expectTooDeep(await start(runBody(MAX_JSON_DEPTH + 1)));
  });

  it("brackets inside strings (escaped quotes too) do not count", async () => {
    const s = JSON.stringify(`\\"${"[{".repeat(500)}`);
    expect((await start(`{"input":{"s":${s}}}`)).status).toBe(201);
  });
});

describe("other endpoints", () => {
  it("POST /v1/workflows: a graph nested 3,000 levels deep → 422", async () => {
    const t = await tenant();
    const body = `{"name":"deep","graph":{"nodes":[{"id":"trigger","type":"trigger","config":{"inputSchema":${nested(3000)}}}],"edges":[]}}`;
    expectTooDeep(await api.create(inProject(t.admin, t.slug), body));
  });

  it("POST /v1/inbound/{subscriptionId}: a signed delivery nested 3,000 levels deep → 422, logged as invalid_json; 64 levels start a run", async () => {
    const { sub } = await inboundWorld();
    expectTooDeep(await deliver(sub, `{"name":"Ada","x":${nested(3000)}}`));
    expect((await deliver(sub, `{"name":"Ada","x":${nested(MAX_JSON_DEPTH - 1)}}`)).status).toBe(202);
    expectTooDeep(await deliver(sub, `{"name":"Ada","x":${nested(MAX_JSON_DEPTH)}}`));
  });

  it("POST /v1/billing/stripe/webhook: a correctly signed event nested 3,000 levels deep → 422", async () => {
    const secret = "whsec_deep_json_test_0123456789";
    process.env.STRIPE_WEBHOOK_SECRET = secret;
    try {
      const payload = `{"id":"evt_deep","object":"event","type":"checkout.session.completed","data":{"object":${nested(3000)}}}`;
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
      const req = new Request("http://localhost/v1/billing/stripe/webhook", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
      const res = await stripeRoute(req, { params: Promise.resolve({}) });
      expectTooDeep({ status: res.status, json: await res.json() });
    } finally {
      delete process.env.STRIPE_WEBHOOK_SECRET;
    }
  });
});
