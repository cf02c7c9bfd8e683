// Runs in every worker before its test files are imported, so DATABASE_URL and the secrets
// below are in place before any app module (lib/db/client.ts reads DATABASE_URL on import).
// Each worker gets its own database cloned from the migrated template: tests in parallel
// workers never see each other's rows.
import { inject } from "vitest";
import { assertLocalDatabase, databaseUrl, TEMPLATE_DB, withClient } from "./global-setup";

/** Drops and re-creates `agentruntime_test_<id>` from the template; returns its URL. */
export async function createWorkerDatabase(adminUrl: string, id: string): Promise<string> {
  assertLocalDatabase(adminUrl);
  const name = `agentruntime_test_${id.replace(/[^a-zA-Z0-9_]/g, "_")}`;
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  });
  return databaseUrl(adminUrl, name);
}

Object.assign(process.env, {
  NODE_ENV: "test",
  AUTH_SECRET: "agentruntime-test-auth-secret-not-for-production-use",
  // Fixed vault master key for tests (32 bytes 0x01..0x20); never a real key.
  AGENTRUNTIME_MASTER_KEYS: "test1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
  // Fixed platform signing key for tests (an Ed25519 private JWK); never a real key.
  PLATFORM_SIGNING_KEY: '{"kty":"OKP","crv":"Ed25519","d":"Xa_tStx-hJSdMXvPQEkG9Oc2QhCqhNjh71t7TgCSJRA","x":"oI-GqwtgRaHPQv15Au0WIym6GurY4lVUDBlvtEhDlPM"}',
});

// Once per worker process: lib/db/client.ts keeps its Prisma client on globalThis across test
// files in the same worker, so re-creating the database per file would cut its connections.
const g = globalThis as { __agentruntimeTestDb?: string };
g.__agentruntimeTestDb ??= await createWorkerDatabase(
  inject("adminDatabaseUrl"),
  process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "1",
);
process.env.DATABASE_URL = g.__agentruntimeTestDb;
