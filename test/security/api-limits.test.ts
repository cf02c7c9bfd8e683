// Minting more tokens must not multiply the API budget: besides the per-token bucket, every
// token call counts against its user and its workspace. L + k calls spread over several
// tokens → exactly L pass; the 429s carry Retry-After and the tightest bucket's X-RateLimit-*.
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, expectErrorShape, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld } from "@/test/security/world";

// Each test builds its own world: buckets are keyed by user and workspace id, and a counter
// left by one test would otherwise count against the next.
afterEach(() => vi.unstubAllEnvs());

const me = (headers: Record<string, string>) => invoke(meRoute, { path: "/v1/me", headers });

async function roundRobin(tokens: string[], calls: number) {
  const results = [];
  for (let i = 0; i < calls; i++) results.push(await me(tokenHeaders(tokens[i % tokens.length])));
  return results;
}

function expectExactly(results: Awaited<ReturnType<typeof me>>[], limit: number, windowSeconds: number) {
  const statuses = results.map((r) => r.res.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
  expect(statuses.slice(0, limit).every((s) => s === 200)).toBe(true);
  expect(statuses.slice(limit).every((s) => s === 429)).toBe(true);
  let previous = Infinity;
  for (const r of results) {
    // The tightest bucket is the shared one: its numbers are what every answer reports.
    expect(r.res.headers.get("x-ratelimit-limit")).toBe(String(limit));
    const remaining = Number(r.res.headers.get("x-ratelimit-remaining"));
    expect(remaining).toBeLessThanOrEqual(previous);
    previous = remaining;
    expect(Number(r.res.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
  }
  for (const r of results.slice(limit)) {
    expectErrorShape(r.body, r.res, "rate_limited");
    const retry = Number(r.res.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(windowSeconds);
    expect(r.res.headers.get("x-ratelimit-remaining")).toBe("0");
  }
}

describe("API limits beside the per-token one", () => {
  it("per user: 3 tokens of one user share the user's budget (and the console session counts too)", async () => {
    vi.stubEnv("AR_RL_API_USER_POINTS", "6");
    vi.stubEnv("AR_RL_API_USER_SECONDS", "30");
    const w = await createWorld();
    const user = w.a.users.member_project_viewer;
    const tokens = await Promise.all([1, 2, 3].map(async () => (await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id })).token));
    expectExactly(await roundRobin(tokens, 6 + 4), 6, 30);
    // A fresh token of the same user is refused too: minting does not reset the budget.
    const fresh = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    expect((await me(tokenHeaders(fresh.token))).res.status).toBe(429);
    expect((await me(await sessionHeaders(user.id))).res.status).toBe(429);
    // Another user of the same workspace is unaffected.
    const other = await createTestToken({ userId: w.a.users.member_project_contributor.id, workspaceId: w.a.workspace.id });
    expect((await me(tokenHeaders(other.token))).res.status).toBe(200);
  });

  it("per workspace: tokens of 3 users in one workspace share the workspace's budget; another workspace is unaffected", async () => {
    vi.stubEnv("AR_RL_API_WORKSPACE_POINTS", "5");
    vi.stubEnv("AR_RL_API_WORKSPACE_SECONDS", "30");
    const w = await createWorld();
    const users = [w.a.users.owner, w.a.users.tenant_admin, w.a.users.member_none];
    const tokens = await Promise.all(users.map(async (u) => (await createTestToken({ userId: u.id, workspaceId: w.a.workspace.id })).token));
    expectExactly(await roundRobin(tokens, 5 + 3), 5, 30);
    const elsewhere = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id });
    expect((await me(tokenHeaders(elsewhere.token))).res.status).toBe(200);
  });

  it("the per-token limit still applies on its own, and each answer reports the tightest bucket", async () => {
    vi.stubEnv("AR_RL_API_POINTS", "3");
    const w = await createWorld();
    const { token } = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id });
    const results = await roundRobin([token], 5);
    expect(results.map((r) => r.res.status)).toEqual([200, 200, 200, 429, 429]);
    expect(results.map((r) => r.res.headers.get("x-ratelimit-limit"))).toEqual(["3", "3", "3", "3", "3"]);
  });
});
