import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as rotateRoute } from "@/app/v1/connections/[id]/rotate/route";
import { POST as testRoute } from "@/app/v1/connections/[id]/test/route";
import { getConnectionSecret } from "@/lib/connections/get-connection-secret";
import { lastAudit, tenant } from "@/test/support/world";
import { startFakeVendor, type FakeVendor } from "./fake-vendor";
import { allowLoopback, createVia, rawRow, uniqueName } from "./helpers";
import { call, inProject } from "@/test/support/http";

const OLD = "old_key_aaaaaaaaaaaaaaaa1111";
const NEW = "new_key_bbbbbbbbbbbbbbbb2222";
const BAD = "bad_key_cccccccccccccccc3333";
let vendor: FakeVendor;
let restoreEnv: () => void;

beforeAll(async () => {
  vendor = await startFakeVendor([OLD, NEW]);
  restoreEnv = allowLoopback();
});
afterAll(async () => {
  restoreEnv();
  await vendor.close();
});

async function setup() {
  const t = await tenant();
  const headers = inProject(t.admin, t.slug);
  const c = (await createVia(headers, { name: uniqueName(), type: "api_key", provider: "notion", secret: OLD, fields: { baseUrl: vendor.url } })).json;
  const rotate = (secret: string) => call(rotateRoute, "/", { method: "POST", headers, params: { id: c.id }, body: { secret } });
  const test = () => call(testRoute, "/", { method: "POST", headers, params: { id: c.id } });
  return { t, headers, c, rotate, test };
}

describe("POST /v1/connections/{id}/rotate", () => {
  it("a good new key is validated, swapped in (version + 1) and used from then on; the old one is retired", async () => {
    const { t, c, rotate, test } = await setup();
    const before = vendor.seen.length;
    const res = await rotate(NEW);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rotated: true, secretVersion: 2, status: "active", secretHint: "…2222" });
    expect(res.text).not.toContain(NEW);
    // The validation call carried the new key, and only the new key.
    expect(vendor.seen.slice(before).map((r) => r.key)).toEqual([NEW]);
    expect((await getConnectionSecret({ workspace: t.workspace, project: t.project }, c.id)).secret).toBe(NEW);
    await test();
    expect(vendor.seen[vendor.seen.length - 1].key).toBe(NEW);
    expect(vendor.seen.slice(before).some((r) => r.key === OLD)).toBe(false);
    const audit = await lastAudit(t.workspace.id, "connection.rotate");
    expect(audit).toMatchObject({ targetId: c.id, metadata: { fromVersion: 1, toVersion: 2 } });
    expect(JSON.stringify(audit)).not.toContain(NEW);
  });

  it("a bad new key → 422 with the reason; the old key stays active and is still the one used", async () => {
    const { t, c, rotate, test } = await setup();
    await test();
    const before = vendor.seen.length;
    const res = await rotate(BAD);
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/current one stays active: The service rejected the credentials \(401\)/);
    expect(res.text).not.toContain(BAD);
    expect(vendor.seen.slice(before).map((r) => r.key)).toEqual([BAD]);
    expect(await rawRow(c.id)).toMatchObject({ secretVersion: 1, status: "active", secretHint: "…1111" });
    expect((await getConnectionSecret({ workspace: t.workspace, project: t.project }, c.id)).secret).toBe(OLD);
    await test();
    expect(vendor.seen[vendor.seen.length - 1].key).toBe(OLD);
    expect(await lastAudit(t.workspace.id, "connection.rotate_rejected")).toMatchObject({ targetId: c.id });
  });

  it("a database rotation with a malformed connection string is a 422 before any call", async () => {
    const t = await tenant();
    const headers = inProject(t.admin, t.slug);
    const c = (await createVia(headers, { name: uniqueName(), type: "database", provider: "postgres", secret: process.env.DATABASE_URL })).json;
    const res = await call(rotateRoute, "/", { method: "POST", headers, params: { id: c.id }, body: { secret: "redis://x" } });
    expect(res.status).toBe(422);
    expect(await rawRow(c.id)).toMatchObject({ secretVersion: 1 });
  });
});
