import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { setLogSink } from "@/lib/core/logger";
import { GET as listRoute } from "@/app/v1/connections/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/connections/[id]/route";
import { POST as rotateRoute } from "@/app/v1/connections/[id]/rotate/route";
import { POST as testRoute } from "@/app/v1/connections/[id]/test/route";
import { startFakeVendor, type FakeVendor } from "./fake-vendor";
import { allowLoopback, createVia, uniqueName } from "./helpers";
import { call, inProject } from "@/test/support/http";
import { tenant } from "@/test/support/world";

// Canaries: searched for in every response, every log line and every audit row.
const CANARY = "canary_SECRET_7f3a9e1d2c4b5a60";
const CANARY_ROTATED = "canary_ROTATED_0a1b2c3d4e5f6071";
const CANARY_REJECTED = "canary_REJECTED_99887766554433";
const CANARY_DB_PASSWORD = "canaryDbPw5566778899";
const CANARIES = [CANARY, CANARY_ROTATED, CANARY_REJECTED, CANARY_DB_PASSWORD];

let vendor: FakeVendor;
let restoreEnv: () => void;
const logs: string[] = [];

beforeAll(async () => {
  // The vendor accepts the canary and the rotated one; the rejected one gets a 401 whose
  // body echoes it back (as careless vendors do).
  vendor = await startFakeVendor([CANARY, CANARY_ROTATED]);
  restoreEnv = allowLoopback();
  setLogSink((line) => logs.push(line));
});
afterAll(async () => {
  setLogSink(null);
  restoreEnv();
  await vendor.close();
});

describe("connection secrets never leave the vault", () => {
  it("canaries: 0 hits in create/list/get/patch/test/rotate/delete responses, logs and the audit table; the row holds only ciphertext", async () => {
    const t = await tenant();
    const headers = inProject(t.admin, t.slug);
    const bodies: string[] = [];
    const keep = <T extends { text: string }>(r: T) => (bodies.push(r.text), r);

    const created = keep(await createVia(headers, { name: uniqueName(), type: "api_key", provider: "github", secret: CANARY, fields: { baseUrl: vendor.url } }));
    const id = created.json.id;
    const dbUrl = new URL(process.env.DATABASE_URL!);
    dbUrl.password = CANARY_DB_PASSWORD;
    const pg = keep(await createVia(headers, { name: uniqueName(), type: "database", provider: "postgres", secret: dbUrl.toString() }));
    keep(await createVia(headers, { name: created.json.name, type: "api_key", provider: "github", secret: CANARY, fields: { baseUrl: vendor.url } })); // 409
    keep(await createVia(headers, { name: uniqueName(), type: "api_key", provider: "bogus", secret: CANARY })); // 422

    keep(await call(listRoute, "/v1/connections", { headers }));
    keep(await call(getRoute, "/", { headers, params: { id } }));
    keep(await call(patchRoute, "/", { method: "PATCH", headers, params: { id }, body: { name: uniqueName("renamed") } }));
    keep(await call(testRoute, "/", { method: "POST", headers, params: { id } }));
    keep(await call(testRoute, "/", { method: "POST", headers, params: { id: pg.json.id } }));
    const rejected = keep(await call(rotateRoute, "/", { method: "POST", headers, params: { id }, body: { secret: CANARY_REJECTED } }));
    expect(rejected.status).toBe(422);
    const rotated = keep(await call(rotateRoute, "/", { method: "POST", headers, params: { id }, body: { secret: CANARY_ROTATED } }));
    expect(rotated.status).toBe(200);
    keep(await call(patchRoute, "/", { method: "PATCH", headers, params: { id }, body: { secret: CANARY } })); // 422
    keep(await call(rotateRoute, "/", { method: "POST", headers, params: { id }, body: { secret: CANARY, extra: CANARY } })); // 422

    const rows = await db.connection.findMany({ where: { workspaceId: t.workspace.id } });
    for (const row of rows) {
      const stored = Buffer.from(row.secret!).toString("latin1");
      for (const c of CANARIES) expect(stored).not.toContain(c);
      expect(JSON.stringify({ ...row, secret: null })).not.toMatch(new RegExp(CANARIES.join("|")));
    }
    keep(await call(deleteRoute, "/", { method: "DELETE", headers, params: { id } }));

    const audit = JSON.stringify(await db.auditLog.findMany({ where: { workspaceId: t.workspace.id } }));
    expect(audit).toContain("connection.rotate");
    for (const c of CANARIES) {
      expect(bodies.filter((b) => b.includes(c)), c).toEqual([]);
      expect(logs.filter((l) => l.includes(c)), c).toEqual([]);
      expect(audit.includes(c), c).toBe(false);
    }
    // The vendor did see the keys (the tests were real), so the absence above means something.
    expect(vendor.seen.map((r) => r.key)).toEqual(expect.arrayContaining([CANARY, CANARY_REJECTED, CANARY_ROTATED]));
  });
});
