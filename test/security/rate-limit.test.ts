// L + k requests → exactly L pass, k get 429 with Retry-After and X-RateLimit-*; Remaining
// only decreases; after the window, requests pass again. The API limit is shrunk through
// its environment override before the limiter is first built for these values.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { GET as tokensRoute } from "@/app/v1/tokens/route";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, expectErrorShape, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";

const L = 5;
const K = 4;
const WINDOW_S = 2;
let w: World;

beforeAll(async () => {
  vi.stubEnv("AR_RL_API_POINTS", String(L));
  vi.stubEnv("AR_RL_API_SECONDS", String(WINDOW_S));
  w = await createWorld();
});
afterAll(() => vi.unstubAllEnvs());

describe("API rate limit", () => {
  it(`${L}+${K} requests with one token → exactly ${L} pass; 429s carry Retry-After and X-RateLimit-*`, async () => {
    const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id });
    const results = [];
    for (let i = 0; i < L + K; i++) results.push(await invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(token) }));
    const statuses = results.map((r) => r.res.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(L);
    expect(statuses.filter((s) => s === 429)).toHaveLength(K);
    expect(statuses.slice(0, L).every((s) => s === 200)).toBe(true);

    const remaining = results.map((r) => Number(r.res.headers.get("x-ratelimit-remaining")));
    for (let i = 1; i < remaining.length; i++) expect(remaining[i]).toBeLessThanOrEqual(remaining[i - 1]);
    expect(remaining[0]).toBe(L - 1);
    expect(remaining.at(-1)).toBe(0);

    for (const r of results) {
      expect(r.res.headers.get("x-ratelimit-limit")).toBe(String(L));
      expect(Number(r.res.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    }
    for (const r of results.filter((x) => x.res.status === 429)) {
      expectErrorShape(r.body, r.res, "rate_limited");
      const retry = Number(r.res.headers.get("retry-after"));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(WINDOW_S);
    }

    await new Promise((r) => setTimeout(r, WINDOW_S * 1000 + 200));
    const after = await invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(token) });
    expect(after.res.status).toBe(200);
  });

  it("buckets are per credential: another token and the console session are unaffected", async () => {
    const a = await createTestToken({ userId: w.a.users.tenant_admin.id, workspaceId: w.a.workspace.id });
    const b = await createTestToken({ userId: w.a.users.tenant_admin.id, workspaceId: w.a.workspace.id });
    for (let i = 0; i < L; i++) await invoke(tokensRoute, { path: "/v1/tokens", headers: tokenHeaders(a.token) });
    expect((await invoke(tokensRoute, { path: "/v1/tokens", headers: tokenHeaders(a.token) })).res.status).toBe(429);
    expect((await invoke(tokensRoute, { path: "/v1/tokens", headers: tokenHeaders(b.token) })).res.status).toBe(200);
    expect((await invoke(tokensRoute, { path: "/v1/tokens", headers: await sessionHeaders(w.a.users.tenant_admin.id, w.a.workspace.slug) })).res.status).toBe(200);
  });

  it("concurrent bursts still let exactly L through", async () => {
    const { token } = await createTestToken({ userId: w.a.users.member_none.id, workspaceId: w.a.workspace.id });
    const results = await Promise.all(Array.from({ length: L + K }, () => invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(token) })));
    expect(results.filter((r) => r.res.status === 200)).toHaveLength(L);
    expect(results.filter((r) => r.res.status === 429)).toHaveLength(K);
  });
});
