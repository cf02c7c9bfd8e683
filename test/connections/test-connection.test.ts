import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as testRoute } from "@/app/v1/connections/[id]/test/route";
import { lastAudit, tenant } from "@/test/support/world";
import { startFakeVendor, type FakeVendor } from "./fake-vendor";
import { allowLoopback, createVia, rawRow, uniqueName } from "./helpers";
import { startMariaDb } from "./mariadb-server";
import { freePort, startRedis } from "./redis-server";
import { call, inProject } from "@/test/support/http";

const GOOD = "good_key_1234567890abcdef";
const BAD = "bad_key_0987654321fedcba";
let vendor: FakeVendor;
let restoreEnv: () => void;
let t: Awaited<ReturnType<typeof tenant>>;
let headers: Record<string, string>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let mariadb: Awaited<ReturnType<typeof startMariaDb>>;
const sqliteDir = mkdtempSync(path.join(tmpdir(), "ar-sqlite-"));

beforeAll(async () => {
  vendor = await startFakeVendor([GOOD]);
  restoreEnv = allowLoopback();
  process.env.CONNECTIONS_SQLITE_DIR = sqliteDir;
  process.env.AR_RL_CONNECTION_PROBE_POINTS = "1000";
  [redis, mariadb] = await Promise.all([startRedis("redis-pass-123"), startMariaDb({ user: "app", password: "maria-pass-123", database: "app" })]);
  t = await tenant();
  headers = inProject(t.admin, t.slug);
}, 60_000);
afterAll(async () => {
  restoreEnv();
  await vendor.close();
  await Promise.all([redis.stop(), mariadb.stop()]);
});

async function createAndTest(body: Record<string, unknown>) {
  const created = await createVia(headers, { name: uniqueName(), environment: "sandbox", ...body });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const res = await call(testRoute, `/v1/connections/${created.json.id}/test`, { method: "POST", headers, params: { id: created.json.id } });
  expect(res.status).toBe(200);
  return res;
}

describe("Test connection: API-key vendors against a fake vendor on 127.0.0.1", () => {
  const cases: { provider: string; path: string; header: string; value: (k: string) => string; fields?: Record<string, string> }[] = [
    { provider: "github", path: "/user", header: "authorization", value: (k) => `Bearer ${k}` },
    { provider: "notion", path: "/v1/users/me", header: "authorization", value: (k) => `Bearer ${k}` },
    { provider: "clickup", path: "/api/v2/user", header: "authorization", value: (k) => k },
    { provider: "resend", path: "/domains", header: "authorization", value: (k) => `Bearer ${k}` },
    { provider: "exa", path: "/websets/v0/websets?limit=1", header: "x-api-key", value: (k) => k },
    { provider: "shopify", path: "/admin/api/2025-01/shop.json", header: "x-shopify-access-token", value: (k) => k },
    { provider: "activecampaign", path: "/api/3/users/me", header: "api-token", value: (k) => k },
    { provider: "custom", path: "/whoami", header: "x-custom-key", value: (k) => `Token ${k}`, fields: { headerName: "X-Custom-Key", headerPrefix: "Token ", testPath: "/whoami" } },
  ];
  for (const c of cases) {
    it(`${c.provider}: a good key → active; a bad key → error with a clear reason (no upstream body, no key)`, async () => {
      const before = vendor.seen.length;
      const good = await createAndTest({ type: "api_key", provider: c.provider, secret: GOOD, fields: { baseUrl: vendor.url, ...c.fields } });
      expect(good.json).toMatchObject({ status: "active", statusReason: null });
      expect(good.json.lastValidatedAt).toBeTruthy();
      const req = vendor.seen[before];
      expect(req.path).toBe(c.path);
      expect(req.headers[c.header]).toBe(c.value(GOOD));
      if (c.provider === "notion") expect(req.headers["notion-version"]).toBe("2022-06-28");
      if (c.provider === "github") expect(req.headers["user-agent"]).toBeTruthy();

      const bad = await createAndTest({ type: "api_key", provider: c.provider, secret: BAD, fields: { baseUrl: vendor.url, ...c.fields } });
      expect(bad.json).toMatchObject({ status: "error", statusReason: "The service rejected the credentials (401)" });
      expect(bad.text).not.toContain(BAD);
      expect(vendor.seen[vendor.seen.length - 1].key).toBe(BAD);
    });
  }

  it("5xx and redirects map to clear reasons; a redirect is not followed", async () => {
    vendor.forceStatus = 302;
    const before = vendor.seen.length;
    const redirected = await createAndTest({ type: "api_key", provider: "github", secret: GOOD, fields: { baseUrl: vendor.url } });
    expect(redirected.json.statusReason).toMatch(/redirect \(302\), which is not followed/);
    expect(vendor.seen.length).toBe(before + 1);
    vendor.forceStatus = 503;
    const down = await createAndTest({ type: "api_key", provider: "github", secret: GOOD, fields: { baseUrl: vendor.url } });
    expect(down.json.statusReason).toBe("The service had an internal error (503); try again later");
    vendor.forceStatus = null;
  });

  it("a dead port and a timeout are errors with reasons; the test is audited without the key", async () => {
    const port = await freePort();
    const refused = await createAndTest({ type: "api_key", provider: "github", secret: GOOD, fields: { baseUrl: `http://127.0.0.1:${port}` } });
    expect(refused.json.statusReason).toMatch(/refused/);
    const audit = await lastAudit(t.workspace.id, "connection.test");
    expect(audit).toMatchObject({ targetId: refused.json.id, after: { status: "error" } });
    expect(JSON.stringify(audit)).not.toContain(GOOD);
  });
});

describe("Test connection: WhatsApp against a fake Graph API", () => {
  it("GET /<version>/<phone-number-id> with the bearer token", async () => {
    process.env.WHATSAPP_GRAPH_URL = vendor.url;
    try {
      const before = vendor.seen.length;
      const good = await createAndTest({ type: "whatsapp", secret: GOOD, fields: { phoneNumberId: "1234567890", businessAccountId: "555" } });
      expect(good.json).toMatchObject({ status: "active", provider: "whatsapp" });
      expect(vendor.seen[before]).toMatchObject({ path: "/v21.0/1234567890", key: GOOD });
      const bad = await createAndTest({ type: "whatsapp", secret: BAD, fields: { phoneNumberId: "1234567890", businessAccountId: "555" } });
      expect(bad.json.statusReason).toBe("The service rejected the credentials (401)");
    } finally {
      delete process.env.WHATSAPP_GRAPH_URL;
    }
  });
});

describe("Test connection: databases", () => {
  const pgUrl = () => new URL(process.env.DATABASE_URL!);

  it("postgres (the real test server): good credentials → active; wrong password → error; the row keeps no plaintext", async () => {
    const good = await createAndTest({ type: "database", provider: "postgres", secret: pgUrl().toString() });
    expect(good.json).toMatchObject({ status: "active", statusReason: null });
    const row = await rawRow(good.json.id);
    expect(Buffer.from(row!.secret!).toString("latin1")).not.toContain(pgUrl().password);
    expect(good.json.secretHint).not.toContain(pgUrl().password);
    const wrong = pgUrl();
    wrong.password = "definitely-wrong";
    const bad = await createAndTest({ type: "database", provider: "postgres", secret: wrong.toString() });
    expect(bad.json).toMatchObject({ status: "error", statusReason: "The database rejected the credentials (wrong user or password)" });
    const missing = pgUrl();
    missing.pathname = "/no_such_database_here";
    expect((await createAndTest({ type: "database", provider: "postgres", secret: missing.toString() })).json.statusReason).toMatch(/does not exist/);
  });

  it("redis (a real redis-server): PING → active; wrong password → error; nothing listening → refused", async () => {
    const good = await createAndTest({ type: "database", provider: "redis", secret: `redis://:redis-pass-123@127.0.0.1:${redis.port}/0` });
    expect(good.json).toMatchObject({ status: "active" });
    const bad = await createAndTest({ type: "database", provider: "redis", secret: `redis://:nope@127.0.0.1:${redis.port}/0` });
    expect(bad.json.statusReason).toBe("The database rejected the credentials (wrong user or password)");
    const dead = await createAndTest({ type: "database", provider: "redis", secret: `redis://127.0.0.1:${await freePort()}` });
    expect(dead.json.statusReason).toMatch(/refused/);
  });

  it("mysql (a real MariaDB): select 1 → active; wrong password → error; unknown database → error", async () => {
    const at = (auth: string, db = "app") => `mysql://${auth}@127.0.0.1:${mariadb.port}/${db}`;
    expect((await createAndTest({ type: "database", provider: "mysql", secret: at("app:maria-pass-123") })).json).toMatchObject({ status: "active", statusReason: null });
    const bad = await createAndTest({ type: "database", provider: "mysql", secret: at("app:wrong-pass") });
    expect(bad.json.statusReason).toBe("The database rejected the credentials (wrong user or password)");
    const noDb = await createAndTest({ type: "database", provider: "mysql", secret: at("app:maria-pass-123", "nope") });
    expect(noDb.json.status).toBe("error");
    expect(noDb.json.statusReason).toMatch(/may not access that database|does not exist/);
  });

  it("mysql, mongodb and neo4j: nothing listening → error with a reason (no MongoDB or Neo4j server runs in CI)", async () => {
    const port = await freePort();
    // MongoDB's driver retries until server selection times out: keep that short here.
    process.env.CONNECTIONS_TIMEOUT_MS = "2000";
    for (const [provider, secret] of [
      ["mysql", `mysql://root:pw@127.0.0.1:${port}/app`],
      ["mongodb", `mongodb://root:pw@127.0.0.1:${port}/app`],
      ["neo4j", `neo4j://neo4j:pw@127.0.0.1:${port}`],
    ]) {
      const res = await createAndTest({ type: "database", provider, secret });
      expect(res.json.status, provider).toBe("error");
      expect(res.json.statusReason, provider).toMatch(/refused|Could not reach|Could not connect/);
      expect(res.text).not.toContain(":pw@");
    }
    delete process.env.CONNECTIONS_TIMEOUT_MS;
  }, 30_000);

  it("sqlite: a database file inside the configured directory opens read-only; others are refused", async () => {
    const file = path.join(sqliteDir, "app.db");
    const db = new DatabaseSync(file);
    db.exec("create table t (x int)");
    db.close();
    expect((await createAndTest({ type: "database", provider: "sqlite", fields: { path: file } })).json.status).toBe("active");
    const junk = path.join(sqliteDir, "junk.db");
    writeFileSync(junk, "this is not a database file, just text that is long enough to be read as a header".repeat(20));
    expect((await createAndTest({ type: "database", provider: "sqlite", fields: { path: junk } })).json.statusReason).toMatch(/could not be opened/);
    const outside = await createVia(headers, { name: uniqueName(), type: "database", provider: "sqlite", fields: { path: "/etc/passwd" } });
    expect(outside.status).toBe(422);
  });

  it("firestore: a well-formed service-account key validates (format only, no live call)", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const sa = { type: "service_account", project_id: "demo", client_email: "bot@demo.iam.gserviceaccount.com", private_key: privateKey.export({ type: "pkcs8", format: "pem" }) };
    const ok = await createAndTest({ type: "database", provider: "firestore", secret: JSON.stringify(sa) });
    expect(ok.json).toMatchObject({ status: "active", secretHint: "bot@demo.iam.gserviceaccount.com" });
    const broken = await createVia(headers, {
      name: uniqueName(),
      type: "database",
      provider: "firestore",
      secret: JSON.stringify({ ...sa, private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }),
    });
    expect(broken.status).toBe(422);
    expect(broken.text).not.toContain("AAAA");
  });
});
