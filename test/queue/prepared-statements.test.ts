import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { getBoss } from "@/lib/queue/boss";
import { PreparingClient, statementName } from "@/lib/queue/prepared-statements";

// pg-boss's statements go out as named prepared statements from their second sending on, on a
// real PostgreSQL: through pg-boss's own pool, and through the client class directly.

describe("statementName", () => {
  it("names a statement text the second time it is sent, and the same way after", () => {
    const text = `SELECT ${Date.now()} AS n, '${randomUUID()}' AS u`;
    expect(statementName(text)).toBeUndefined();
    const name = statementName(text);
    expect(name).toMatch(/^pgboss_[A-Za-z0-9_-]{24}$/);
    expect(statementName(text)).toBe(name);
    expect(statementName(`${text} `)).toBeUndefined();
  });

  it("never names several statements, transaction control or settings", () => {
    for (const text of [`BEGIN; SELECT 1; COMMIT`, "SELECT 1; SELECT 2", "BEGIN", "COMMIT", "SET LOCAL lock_timeout = 1000", "LISTEN pgboss"]) {
      statementName(text);
      expect(statementName(text), text).toBeUndefined();
    }
    // A trailing semicolon is still one statement.
    const one = `SELECT '${randomUUID()}' AS u;`;
    statementName(one);
    expect(statementName(one)).toMatch(/^pgboss_/);
  });
});

describe("PreparingClient", () => {
  let client: PreparingClient;
  beforeAll(async () => {
    client = new PreparingClient({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  const prepared = async () => (await client.query("SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'pgboss_%'")).rows as { name: string; statement: string }[];

  it("prepares a repeated text once on its connection, with values or without, and answers as before", async () => {
    const tag = randomUUID();
    const withValues = `SELECT $1::int + 1 AS n, '${tag}' AS tag`;
    const without = `SELECT 41 + 1 AS n, '${tag}' AS tag`;
    for (let i = 0; i < 3; i++) {
      expect((await client.query(withValues, [i])).rows).toEqual([{ n: i + 1, tag }]);
      expect((await client.query(without)).rows).toEqual([{ n: 42, tag }]);
    }
    const mine = (await prepared()).filter((p) => p.statement.includes(tag));
    expect(mine.map((p) => p.statement).sort()).toEqual([without, withValues].sort());
    expect(mine.map((p) => p.name)).toEqual(expect.arrayContaining([statementName(without), statementName(withValues)]));
  });

  it("still sends several statements in one text, and callbacks still get their answer", async () => {
    const tag = randomUUID();
    for (let i = 0; i < 2; i++) {
      const r = (await client.query(`SELECT 1 AS a; SELECT '${tag}' AS b`)) as unknown as { rows: unknown[] }[];
      expect(r.map((x) => x.rows)).toEqual([[{ a: 1 }], [{ b: tag }]]);
    }
    expect((await prepared()).some((p) => p.statement.includes(tag))).toBe(false);
    const text = `SELECT $1::text AS v, '${tag}' AS t`;
    for (let i = 0; i < 2; i++) {
      const rows = await new Promise<unknown[]>((resolve, reject) => client.query(text, [`v${i}`], (err: Error | null, res?: { rows: unknown[] }) => (err ? reject(err) : resolve(res!.rows))));
      expect(rows).toEqual([{ v: `v${i}`, t: tag }]);
    }
    expect((await prepared()).some((p) => p.statement === text)).toBe(true);
  });
});

describe("pg-boss's pool", () => {
  it("uses PreparingClient: a statement sent twice through pg-boss runs as a prepared statement", async () => {
    const db = (await getBoss()).getDb();
    const text = `SELECT name FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%' AND name LIKE 'pgboss_%'`;
    const tag = randomUUID();
    const first = await db.executeSql(`${text} -- ${tag}`, [tag]);
    expect(first.rows).toEqual([]);
    // The second time it is named: prepared on whichever connection runs it, it sees itself.
    const second = await db.executeSql(`${text} -- ${tag}`, [tag]);
    expect(second.rows).toEqual([{ name: statementName(`${text} -- ${tag}`) }]);
  });
});
