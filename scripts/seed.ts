// `npm run seed`: demo user, workspace `demo` with project `dev`, and a fresh token with
// every scope. Uses DATABASE_URL, else the embedded PostgreSQL of `npm start` (running or not).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { withScriptDatabase } from "./lib/script-database";

const CREDENTIALS = ".data/seed-credentials.json";

const UNREACHABLE_RETRIES = 15;

/**
 * `prisma migrate deploy`. A database that cannot be reached yet (P1001: a compose stack still
 * starting, or a server too busy to answer within the connect timeout) is tried again every 2 s,
 * up to 30 s; any other failure ends the seed at once.
 */
async function migrateDeploy(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const migrate = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { env: process.env, encoding: "utf8" });
    process.stdout.write(migrate.stdout ?? "");
    process.stderr.write(migrate.stderr ?? "");
    if (migrate.status === 0) return;
    if (!/\bP1001\b/.test(`${migrate.stdout}${migrate.stderr}`) || attempt > UNREACHABLE_RETRIES) throw new Error("prisma migrate deploy failed");
    console.error(`seed: the database is not reachable yet; migrate deploy again in 2 s (${attempt} of ${UNREACHABLE_RETRIES})`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function seed(): Promise<void> {
  await migrateDeploy();
  const { seedDemo } = await import("../lib/seed/seed-demo");
  const known = existsSync(CREDENTIALS) ? (JSON.parse(readFileSync(CREDENTIALS, "utf8")) as { password?: string }).password : null;
  const result = await seedDemo(known);
  writeFileSync(CREDENTIALS, JSON.stringify({ email: result.email, password: result.password }, null, 2), { mode: 0o600 });
  const base = process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  console.log(`
Demo data ready${result.createdUser ? "" : " (already seeded; a new token was issued)"}.
  Sign in at ${base}/auth/sign-in
    email:    ${result.email}
    password: ${result.password}
  Workspace: ${result.workspace}   Project: ${result.project}
  Personal access token (every scope; shown once):
    ${result.token}

  curl -s ${base}/v1/projects -H "Authorization: Bearer ${result.token}" -H "X-Tenant-Id: ${result.workspace}"
`);
}

withScriptDatabase(seed).catch((err) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
