// Uses an OAuth connection the way a worker does, from its own process: ages the access
// token (so a refresh is due) and asks the engine for a token. The e2e spec runs it with
// `tsx --conditions=react-server` against the e2e database; prints the outcome's name.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ensureSecrets } from "../../scripts/launcher/dev-secrets";
import { E2E_DIR, E2E_PG_PORT } from "./env";

const connectionId = process.argv[2];
const password = readFileSync(path.join(E2E_DIR, "pg", ".agentruntime-password"), "utf8").trim();
process.env.DATABASE_URL = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${E2E_PG_PORT}/agentruntime`;
// The same vault master key the e2e app was started with (.data/secrets.json unless set).
ensureSecrets({ production: false, log: () => {} });

const { db } = await import("../../lib/db/client");
const { getOAuthAccessToken } = await import("../../lib/connections/oauth");
const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { workspaceId: true, projectId: true } });
await db.connection.update({ where: { id: connectionId }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
try {
  await getOAuthAccessToken({ workspace: { id: row.workspaceId }, project: { id: row.projectId } }, connectionId);
  console.log("refreshed");
} catch (err) {
  console.log((err as Error).name);
}
await db.$disconnect();
