// `npm run seed`: demo user, workspace `demo` with project `dev`, and a fresh token with
// every scope. Uses DATABASE_URL, else the embedded PostgreSQL of `npm start` (running or not).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { withScriptDatabase } from "./lib/script-database";

const CREDENTIALS = ".data/seed-credentials.json";

async function seed(): Promise<void> {
  const migrate = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { stdio: "inherit", env: process.env });
  if (migrate.status !== 0) throw new Error("prisma migrate deploy failed");
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
