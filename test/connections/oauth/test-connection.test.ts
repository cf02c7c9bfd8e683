// "Test connection" on an OAuth connection: a forced refresh proves the grant is alive.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as testRoute } from "@/app/v1/connections/[id]/test/route";
import { call } from "@/test/support/http";
import { lastAudit, tenant } from "@/test/support/world";
import { connect, connectionRow, projectHeaders, startProviders, type FakeOAuthServer } from "./helpers";

let providers: Awaited<ReturnType<typeof startProviders>>;
let fake: FakeOAuthServer;

beforeAll(async () => {
  providers = await startProviders();
  fake = providers.fake;
});
afterEach(() => {
  fake.state.failRefresh = null;
});
afterAll(async () => {
  await providers.stop();
});

async function runTest() {
  const t = await tenant();
  const id = await connect("google", t.admin, t);
  const res = () => call(testRoute, `/v1/connections/${id}/test`, { method: "POST", headers: projectHeaders(t.admin, t), params: { id } });
  return { t, id, res };
}

describe("POST /v1/connections/{id}/test on an OAuth connection", () => {
  it("refreshes at the provider even when the token is fresh, and reports active", async () => {
    const { t, id, res } = await runTest();
    const before = fake.state.refreshCalls;
    const r = await res();
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("active");
    expect(fake.state.refreshCalls).toBe(before + 1);
    expect((await connectionRow(id)).lastValidatedAt).not.toBeNull();
    expect(await lastAudit(t.workspace.id, "connection.test")).toMatchObject({ after: { status: "active", statusReason: null } });
  });

  it("a revoked grant → needs_reconnect with the reason", async () => {
    const { id, res } = await runTest();
    fake.state.failRefresh = "invalid_grant";
    const r = await res();
    expect(r.status).toBe(200);
    const body = r.json as { status: string; statusReason: string | null };
    expect(body.status).toBe("needs_reconnect");
    expect(body.statusReason).toBeTruthy();
    expect((await connectionRow(id)).status).toBe("needs_reconnect");
  });

  it("a provider outage → error with a retry hint, tokens untouched", async () => {
    const { id, res } = await runTest();
    const secretBefore = Buffer.from((await connectionRow(id)).secret!).toString("hex");
    fake.state.failRefresh = "server_error";
    const r = await res();
    const body = r.json as { status: string; statusReason: string | null };
    expect(body.status).toBe("error");
    expect(body.statusReason).toMatch(/could not be reached/);
    expect(Buffer.from((await connectionRow(id)).secret!).toString("hex")).toBe(secretBefore);
  });
});
