import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchInstanceRoute } from "@/app/v1/mcp-instances/[id]/route";
import { POST as createConnectionRoute } from "@/app/v1/connections/route";
import { callMcpTool } from "@/lib/calls/call-mcp-tool";
import { canonicalHash } from "@/lib/calls/canonical-hash";
import { setLogSink } from "@/lib/core/logger";
import { createTestToken } from "@/test/factories/tokens";
import { allowLoopback } from "@/test/connections/helpers";
import { startRedis } from "@/test/connections/redis-server";
import { call, tokenHeaders } from "@/test/support/http";
import { tenant } from "@/test/support/world";
import { callTool, createInstance, syncInstance, uniqueName } from "./helpers";
import { startMariaDb } from "@/test/connections/mariadb-server";

// The database adapters against real servers on 127.0.0.1: the embedded PostgreSQL (a
// throwaway schema and role in the worker's database), a sqlite file, mariadbd and
// redis-server. The passwords are canaries: they must never come back in a response or a log.

const PG_PASS = `pg_canary_SECRET_${randomBytes(8).toString("hex")}`;
const MARIA_PASS = `maria_canary_SECRET_${randomBytes(8).toString("hex")}`;
const REDIS_PASS = `redis_canary_SECRET_${randomBytes(8).toString("hex")}`;
const tag = randomBytes(4).toString("hex");
const PG_SCHEMA = `dbt_${tag}`;
const PG_ROLE = `dbt_user_${tag}`;

const logs: string[] = [];
const sqliteDir = mkdtempSync(path.join(tmpdir(), "ar-sqlite-tools-"));
const sqliteFile = path.join(sqliteDir, "app.db");
let restoreEnv: () => void;
let pgAdmin: pg.Client;
let redis: Awaited<ReturnType<typeof startRedis>>;
let maria: Awaited<ReturnType<typeof startMariaDb>>;
let redisAdmin: Redis;
let headers: Record<string, string>;

type Engine = "postgres" | "mysql" | "sqlite";
const engines: { adapter: Engine; table: string; param: string; secret: () => string | undefined; fields: () => Record<string, string>; count: () => Promise<number> }[] = [
  {
    adapter: "postgres",
    table: `${PG_SCHEMA}.items`,
    param: "$1",
    secret: () => {
      const u = new URL(process.env.DATABASE_URL!);
      u.username = PG_ROLE;
      u.password = PG_PASS;
      return u.toString();
    },
    fields: () => ({}),
    count: async () => Number((await pgAdmin.query(`SELECT count(*) AS n FROM ${PG_SCHEMA}.items`)).rows[0].n),
  },
  {
    adapter: "mysql",
    table: "items",
    param: "?",
    secret: () => `mysql://app:${MARIA_PASS}@127.0.0.1:${maria.port}/app`,
    fields: () => ({}),
    count: async () => Number(((await maria.admin.query("SELECT count(*) AS n FROM items")) as unknown as [{ n: number }[]])[0][0].n),
  },
  {
    adapter: "sqlite",
    table: "items",
    param: "?",
    secret: () => undefined,
    fields: () => ({ path: sqliteFile }),
    count: async () => {
      const d = new DatabaseSync(sqliteFile, { readOnly: true });
      try {
        return Number((d.prepare("SELECT count(*) AS n FROM items").get() as { n: number }).n);
      } finally {
        d.close();
      }
    },
  },
];

beforeAll(async () => {
  restoreEnv = allowLoopback();
  process.env.CONNECTIONS_SQLITE_DIR = sqliteDir;
  setLogSink((line) => logs.push(line));
  [redis, maria] = await Promise.all([startRedis(REDIS_PASS), startMariaDb({ user: "app", password: MARIA_PASS, database: "app" }, "ALL PRIVILEGES")]);

  pgAdmin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await pgAdmin.connect();
  await pgAdmin.query(`CREATE SCHEMA ${PG_SCHEMA}`);
  await pgAdmin.query(`CREATE TABLE ${PG_SCHEMA}.items (id int PRIMARY KEY, name text NOT NULL)`);
  await pgAdmin.query(`INSERT INTO ${PG_SCHEMA}.items VALUES (1, 'alpha'), (2, 'beta')`);
  await pgAdmin.query(`CREATE ROLE ${PG_ROLE} LOGIN PASSWORD '${PG_PASS}'`);
  await pgAdmin.query(`GRANT USAGE, CREATE ON SCHEMA ${PG_SCHEMA} TO ${PG_ROLE}`);
  await pgAdmin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${PG_SCHEMA} TO ${PG_ROLE}`);

  await maria.admin.query("CREATE TABLE items (id int PRIMARY KEY, name varchar(100) NOT NULL)");
  await maria.admin.query("INSERT INTO items VALUES (1, 'alpha'), (2, 'beta')");

  const file = new DatabaseSync(sqliteFile);
  file.exec("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL); INSERT INTO items VALUES (1, 'alpha'), (2, 'beta');");
  file.close();

  redisAdmin = new Redis({ host: "127.0.0.1", port: redis.port, password: REDIS_PASS });
  await redisAdmin.mset("greeting", "hello", "user:1", "ada", "user:2", "grace");

  const t = await tenant({ staff: false, otherProject: false });
  const { token } = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
  headers = { ...tokenHeaders(token, t.slug), "x-project-id": "default" };
}, 90_000);

afterAll(async () => {
  setLogSink(null);
  restoreEnv();
  redisAdmin?.disconnect();
  if (pgAdmin) {
    await pgAdmin.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`).catch(() => {});
    await pgAdmin.query(`DROP ROLE IF EXISTS ${PG_ROLE}`).catch(() => {});
    await pgAdmin.end();
  }
  await Promise.all([redis?.stop(), maria?.stop()]);
});

async function databaseConnection(provider: string, secret: string | undefined, fields: Record<string, string> = {}): Promise<string> {
  const res = await call(createConnectionRoute, "/v1/connections", {
    method: "POST",
    headers,
    body: { name: uniqueName("db"), type: "database", provider, ...(secret ? { secret } : {}), fields },
  });
  if (res.status !== 201) throw new Error(`connection: ${res.status} ${res.text}`);
  return res.json.id;
}

async function syncedInstance(adapter: string, connectionId: string, extra: Record<string, unknown> = {}) {
  const inst = await createInstance(headers, { adapter, connectionId, ...extra });
  expect(inst.status, inst.text).toBe(201);
  const synced = await syncInstance(headers, inst.json.id);
  expect(synced.status, synced.text).toBe(200);
  return { id: inst.json.id as string, instance: inst.json, synced: synced.json };
}

const scopeOf = async (instanceId: string) => {
  const { db } = await import("@/lib/db/client");
  const row = await db.mcpInstance.findUniqueOrThrow({ where: { id: instanceId } });
  return { workspaceId: row.workspaceId, projectId: row.projectId };
};

for (const e of engines) {
  describe(`${e.adapter} adapter`, () => {
    it("sync caches the built-in tools (read-only by default: all allowed); query, list_tables and describe return rows", async () => {
      const { id, instance, synced } = await syncedInstance(e.adapter, await databaseConnection(e.adapter, e.secret(), e.fields()));
      expect(instance).toMatchObject({ adapter: e.adapter, url: "", readOnly: true });
      expect(synced.added.sort()).toEqual(["describe", "list_tables", "query"]);
      expect(synced.instance).toMatchObject({ lastSyncStatus: "ok", protocolEra: null });
      for (const tool of synced.tools) {
        expect(tool).toMatchObject({ policy: "allow", policySource: "default", callable: true, annotations: { readOnlyHint: true } });
        expect(tool.schemaHash).toBe(canonicalHash(tool.inputSchema));
      }

      const q = await callTool(headers, id, "query", { sql: `SELECT id, name FROM ${e.table} WHERE id >= ${e.param} ORDER BY id`, params: [1] });
      expect(q.status, q.text).toBe(200);
      expect(q.json).toMatchObject({ isError: false, error: null, tool: "query" });
      expect(q.json.structuredContent).toMatchObject({ columns: [{ name: "id" }, { name: "name" }], rows: [{ id: 1, name: "alpha" }, { id: 2, name: "beta" }], truncated: false });
      expect(JSON.parse(q.json.content[0].text).rows).toHaveLength(2);

      const tables = await callTool(headers, id, "list_tables");
      expect(tables.json.isError).toBe(false);
      expect(tables.json.structuredContent.rows.map((r: { name: string }) => r.name)).toContain("items");

      const described = await callTool(headers, id, "describe", { table: e.table });
      expect(described.json.isError, described.text).toBe(false);
      expect(described.json.structuredContent.rows.map((r: { name: string }) => r.name)).toEqual(["id", "name"]);
      const missing = await callTool(headers, id, "describe", { table: "no_such_table" });
      expect(missing.json).toMatchObject({ isError: true, structuredContent: { error: { code: "table_not_found" } } });
    });

    it("read-only: the database itself refuses INSERT, UPDATE and DDL; the table is unchanged", async () => {
      const { id } = await syncedInstance(e.adapter, await databaseConnection(e.adapter, e.secret(), e.fields()));
      const before = await e.count();
      for (const sql of [`INSERT INTO ${e.table} VALUES (99, 'nope')`, `UPDATE ${e.table} SET name = 'changed'`, `DROP TABLE ${e.table}`, `CREATE TABLE ${e.adapter === "postgres" ? `${PG_SCHEMA}.` : ""}sneaky (id int)`]) {
        const res = await callTool(headers, id, "query", { sql });
        expect(res.status).toBe(200);
        expect(res.json.isError, `${sql}: ${res.text}`).toBe(true);
        expect(res.json.error).toBeNull();
        // Writes are refused as writes (the role may write: only the transaction's mode stops it).
        expect(res.json.structuredContent.error.code, `${sql}: ${res.text}`).toBe("read_only");
      }
      if (e.adapter === "postgres")
        for (const sql of [
          `WITH x AS (SELECT set_config('transaction_read_only', 'off', true)) INSERT INTO ${e.table} SELECT 98, 'sneaky' FROM x`,
          `DO $$ BEGIN SET TRANSACTION READ WRITE; INSERT INTO ${e.table} VALUES (97, 'sneaky'); END $$`,
        ])
          expect((await callTool(headers, id, "query", { sql })).json.isError, sql).toBe(true);
      // Smuggling a second statement past the read-only transaction is refused too.
      const smuggled = await callTool(headers, id, "query", { sql: `COMMIT; DELETE FROM ${e.table}` });
      expect(smuggled.json.isError).toBe(true);
      expect(await e.count()).toBe(before);
      const check = await callTool(headers, id, "query", { sql: `SELECT name FROM ${e.table} ORDER BY id` });
      expect(check.json.structuredContent.rows).toEqual([{ name: "alpha" }, { name: "beta" }]);
      const tables = await callTool(headers, id, "list_tables");
      expect(tables.json.structuredContent.rows.map((r: { name: string }) => r.name)).not.toContain("sneaky");
    });

    it("writable: query needs an approval by default; approved, the INSERT lands", async () => {
      const { id, synced } = await syncedInstance(e.adapter, await databaseConnection(e.adapter, e.secret(), e.fields()), { readOnly: false });
      const byName = Object.fromEntries(synced.tools.map((t: { name: string }) => [t.name, t]));
      expect(byName.query).toMatchObject({ policy: "approval_required", annotations: { readOnlyHint: false, destructiveHint: true }, callable: true });
      expect(byName.list_tables.policy).toBe("allow");
      const scope = await scopeOf(id);
      const insert = { sql: `INSERT INTO ${e.table} VALUES (${e.param}, 'gamma')`, params: [3] };
      await expect(callMcpTool({ scope, instanceId: id, tool: "query", arguments: insert, approved: false })).rejects.toMatchObject({ code: "approval_required" });
      expect(await e.count()).toBe(2);
      const done = await callMcpTool({ scope, instanceId: id, tool: "query", arguments: insert, approved: true });
      expect(done).toMatchObject({ isError: false, structuredContent: { rowCount: 1 } });
      expect(await e.count()).toBe(3);
      const removed = await callMcpTool({ scope, instanceId: id, tool: "query", arguments: { sql: `DELETE FROM ${e.table} WHERE id = 3` }, approved: true });
      expect(removed.isError).toBe(false);
      expect(await e.count()).toBe(2);
    });
  });
}

describe("pinning", () => {
  it("a caller pinned to another schema hash is refused before the database is reached", async () => {
    const { id, synced } = await syncedInstance("sqlite", await databaseConnection("sqlite", undefined, { path: sqliteFile }));
    const scope = await scopeOf(id);
    const query = synced.tools.find((t: { name: string }) => t.name === "query");
    const args = { sql: "SELECT count(*) AS n FROM items" };
    await expect(callMcpTool({ scope, instanceId: id, tool: "query", arguments: args, approved: false, pinnedSchemaHash: "0".repeat(64) })).rejects.toMatchObject({ code: "tool_schema_changed" });
    const ok = await callMcpTool({ scope, instanceId: id, tool: "query", arguments: args, approved: false, pinnedSchemaHash: query.schemaHash });
    expect(ok).toMatchObject({ isError: false, schemaHash: query.schemaHash, structuredContent: { rows: [{ n: 2 }] } });
  });
});

describe("postgres limits", () => {
  it("rows are capped with a truncated flag; a slow statement is cancelled at the time limit", async () => {
    const { id } = await syncedInstance("postgres", await databaseConnection("postgres", engines[0].secret()));
    const many = await callTool(headers, id, "query", { sql: "SELECT g FROM generate_series(1, 2000) g" });
    expect(many.json.structuredContent.rows).toHaveLength(500);
    expect(many.json.structuredContent.truncated).toBe(true);
    process.env.DB_TOOL_TIMEOUT_MS = "500";
    try {
      const started = Date.now();
      const slow = await callTool(headers, id, "query", { sql: "SELECT pg_sleep(5)" });
      expect(slow.json).toMatchObject({ isError: true, structuredContent: { error: { code: "statement_timeout" } } });
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      delete process.env.DB_TOOL_TIMEOUT_MS;
    }
  });

  it("sqlite: a runaway statement is stopped at the time limit; ATTACH is refused", async () => {
    const { id } = await syncedInstance("sqlite", await databaseConnection("sqlite", undefined, { path: sqliteFile }));
    process.env.DB_TOOL_TIMEOUT_MS = "500";
    try {
      const started = Date.now();
      const slow = await callTool(headers, id, "query", { sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c" });
      expect(slow.json).toMatchObject({ isError: true, structuredContent: { error: { code: "statement_timeout" } } });
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      delete process.env.DB_TOOL_TIMEOUT_MS;
    }
    const attach = await callTool(headers, id, "query", { sql: `ATTACH '${path.join(sqliteDir, "other.db")}' AS other` });
    expect(attach.json.isError).toBe(true);
  });
});

describe("redis adapter", () => {
  const secret = () => `redis://:${REDIS_PASS}@127.0.0.1:${redis.port}/0`;

  it("sync: reads allowed, set/del need approval and are not callable while read-only; get, scan, type and ttl answer", async () => {
    const { id, synced } = await syncedInstance("redis", await databaseConnection("redis", secret()));
    const byName = Object.fromEntries(synced.tools.map((t: { name: string }) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(["del", "get", "scan", "set", "ttl", "type"]);
    for (const r of ["get", "scan", "type", "ttl"]) expect(byName[r]).toMatchObject({ policy: "allow", callable: true });
    for (const w of ["set", "del"]) expect(byName[w]).toMatchObject({ policy: "approval_required", callable: false });

    expect((await callTool(headers, id, "get", { key: "greeting" })).json.structuredContent).toMatchObject({ key: "greeting", value: "hello", truncated: false });
    expect((await callTool(headers, id, "get", { key: "missing" })).json.structuredContent).toMatchObject({ value: null });
    const scan = await callTool(headers, id, "scan", { pattern: "user:*", count: 1000 });
    expect(scan.json.structuredContent.keys.sort()).toEqual(["user:1", "user:2"]);
    expect(scan.json.structuredContent.cursor).toBe("0");
    expect((await callTool(headers, id, "type", { key: "greeting" })).json.structuredContent.type).toBe("string");
    expect((await callTool(headers, id, "ttl", { key: "greeting" })).json.structuredContent.ttl).toBe(-1);

    const refused = await callTool(headers, id, "set", { key: "greeting", value: "changed" });
    expect(refused.status).toBe(403);
    expect(await redisAdmin.get("greeting")).toBe("hello");
  });

  it("writable: set and del run only with an approval", async () => {
    const { id } = await syncedInstance("redis", await databaseConnection("redis", secret()), { readOnly: false });
    const scope = await scopeOf(id);
    const args = { key: "written", value: "by-tool", ttlSeconds: 60 };
    await expect(callMcpTool({ scope, instanceId: id, tool: "set", arguments: args, approved: false })).rejects.toMatchObject({ code: "approval_required" });
    expect(await redisAdmin.exists("written")).toBe(0);
    expect(await callMcpTool({ scope, instanceId: id, tool: "set", arguments: args, approved: true })).toMatchObject({ isError: false, structuredContent: { ok: true } });
    expect(await redisAdmin.get("written")).toBe("by-tool");
    expect(await callMcpTool({ scope, instanceId: id, tool: "del", arguments: { keys: ["written"] }, approved: true })).toMatchObject({ structuredContent: { deleted: 1 } });
  });
});

describe("binding and settings", () => {
  it("a connection of another provider, a non-database connection, a URL or no connection → 422", async () => {
    const redisConn = await databaseConnection("redis", `redis://:${REDIS_PASS}@127.0.0.1:${redis.port}/0`);
    const wrong = await createInstance(headers, { adapter: "postgres", connectionId: redisConn });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.details[0].path).toBe("connectionId");
    expect((await createInstance(headers, { adapter: "mysql", connectionId: redisConn })).status).toBe(422);
    expect((await createInstance(headers, { adapter: "redis" })).status).toBe(422);
    expect((await createInstance(headers, { adapter: "redis", connectionId: redisConn, url: "https://example.com/mcp" })).status).toBe(422);
    // And the other way: a remote MCP instance cannot bind a database connection.
    expect((await createInstance(headers, { url: "https://example.com/mcp", connectionId: redisConn })).status).toBe(422);

    const { id } = await syncedInstance("redis", redisConn);
    const pgConn = await databaseConnection("postgres", engines[0].secret());
    const moved = await call(patchInstanceRoute, `/v1/mcp-instances/${id}`, { method: "PATCH", headers, params: { id }, body: { connectionId: pgConn } });
    expect(moved.status).toBe(422);
  });

  it("leaving read-only mode rewrites the tools: query becomes approval_required, even if an admin had allowed it", async () => {
    const { id } = await syncedInstance("postgres", await databaseConnection("postgres", engines[0].secret()));
    const { PATCH: toolPatch } = await import("@/app/v1/mcp-instances/[id]/tools/[tool]/route");
    const allowed = await call(toolPatch, `/v1/mcp-instances/${id}/tools/query`, { method: "PATCH", headers, params: { id, tool: "query" }, body: { policy: "allow" } });
    expect(allowed.status).toBe(200);
    const res = await call(patchInstanceRoute, `/v1/mcp-instances/${id}`, { method: "PATCH", headers, params: { id }, body: { readOnly: false } });
    expect(res.status, res.text).toBe(200);
    const scope = await scopeOf(id);
    await expect(callMcpTool({ scope, instanceId: id, tool: "query", arguments: { sql: "SELECT 1" }, approved: false })).rejects.toMatchObject({ code: "approval_required" });
    const synced = await syncInstance(headers, id);
    const query = synced.json.tools.find((t: { name: string }) => t.name === "query");
    expect(query).toMatchObject({ policy: "approval_required", annotations: { readOnlyHint: false } });
  });
});

describe("secrets and egress", () => {
  it("the password never comes back (not even when a query selects it) and is never logged", async () => {
    const mysqlId = (await syncedInstance("mysql", await databaseConnection("mysql", engines[1].secret()))).id;
    const pgId = (await syncedInstance("postgres", await databaseConnection("postgres", engines[0].secret()))).id;
    const texts: string[] = [];
    for (const [id, pass] of [[mysqlId, MARIA_PASS], [pgId, PG_PASS]]) {
      const echoed = await callTool(headers, id, "query", { sql: `SELECT '${pass}' AS leak` });
      expect(echoed.json.isError).toBe(false);
      expect(echoed.json.structuredContent.rows[0].leak).toBe("[redacted]");
      texts.push(echoed.text, (await callTool(headers, id, "query", { sql: `SELECT * FROM no_such_${pass}` })).text);
    }
    const badPass = await databaseConnection("postgres", engines[0].secret()!.replace(PG_PASS, `${PG_PASS}x`));
    const refused = await callTool(headers, (await syncedInstance("postgres", badPass)).id, "list_tables");
    expect(refused.json.error).toMatchObject({ code: "database_unauthorized" });
    texts.push(refused.text);
    for (const text of [...texts, logs.join("\n")]) for (const s of [PG_PASS, MARIA_PASS, REDIS_PASS]) expect(text).not.toContain(s);
  });

  it("a database on a private address is refused by the egress policy before any connection", async () => {
    const conn = await databaseConnection("postgres", `postgres://u:${PG_PASS}@10.0.0.1:5432/app`);
    const { id } = await syncedInstance("postgres", conn);
    const res = await callTool(headers, id, "query", { sql: "SELECT 1" });
    expect(res.json).toMatchObject({ isError: true, error: { code: "egress_denied" } });
    expect(res.text).not.toContain(PG_PASS);
  });
});
