// Proves the test harness itself: a reachable, migrated, per-worker database.
import { describe, expect, inject, it, vi } from "vitest";
import { assertLocalDatabase, withClient } from "./global-setup";
import { createWorkerDatabase } from "./setup-env";

const url = () => process.env.DATABASE_URL!;

describe("test harness", () => {
  it("points DATABASE_URL at this worker's own database, and sets test env", async () => {
    const id = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "1";
    const name = await withClient(url(), async (c) => (await c.query("SELECT current_database() AS n")).rows[0].n);
    expect(name).toBe(`agentruntime_test_${id}`);
    expect(process.env.NODE_ENV).toBe("test");
    expect(process.env.AUTH_SECRET).toBeTruthy();
  });

  it("has the migrations applied", async () => {
    await withClient(url(), async (c) => {
      const user = await c.query(`SELECT to_regclass('public."User"') IS NOT NULL AS ok`);
      expect(user.rows[0].ok).toBe(true);
      const applied = await c.query("SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
      expect(applied.rows[0].n).toBeGreaterThan(0);
    });
  });

  it("gives another worker a different, equally migrated database that shares no data", async () => {
    const admin = inject("adminDatabaseUrl");
    const otherUrl = await createWorkerDatabase(admin, "harness_probe");
    try {
      expect(otherUrl).not.toBe(url());
      await withClient(url(), (c) => c.query("CREATE TABLE harness_only_here (x int)"));
      await withClient(otherUrl, async (c) => {
        expect((await c.query(`SELECT to_regclass('public."User"') IS NOT NULL AS ok`)).rows[0].ok).toBe(true);
        expect((await c.query("SELECT to_regclass('harness_only_here') AS t")).rows[0].t).toBeNull();
      });
    } finally {
      await withClient(url(), (c) => c.query("DROP TABLE IF EXISTS harness_only_here"));
      await withClient(admin, (c) => c.query('DROP DATABASE IF EXISTS "agentruntime_test_harness_probe" WITH (FORCE)'));
    }
  });

  it("refuses destructive setup against a non-local server", () => {
    vi.stubEnv("ALLOW_REMOTE_TEST_DB", "");
    expect(() => assertLocalDatabase("postgresql://u:p@db.example.com:5432/x")).toThrow(/not local/);
    expect(() => assertLocalDatabase("postgresql://u:p@localhost/x?host=db.example.com")).toThrow(/not local/);
    expect(() => assertLocalDatabase("postgresql://u:p@127.0.0.1:54339/x")).not.toThrow();
    vi.unstubAllEnvs();
  });
});
