// An operator's credit adjustment, from its own process, against the e2e database: the
// Playwright billing spec runs it (`tsx --conditions=react-server`) to bring a workspace's
// balance under the low-balance threshold. Prints the new balance in usd_micros.
import { readFileSync } from "node:fs";
import path from "node:path";
import { E2E_DIR, E2E_PG_PORT } from "../../../e2e/support/env";

const [slug, amount] = process.argv.slice(2);
const password = readFileSync(path.join(E2E_DIR, "pg", ".agentruntime-password"), "utf8").trim();
process.env.DATABASE_URL = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${E2E_PG_PORT}/agentruntime`;

const { db } = await import("../../../lib/db/client");
const { appendLedgerEntry, getBalance } = await import("../../../lib/billing/credits");
const { newId } = await import("../../../lib/core/ids");
const workspace = await db.workspace.findUniqueOrThrow({ where: { slug } });
await db.$transaction((tx) =>
  appendLedgerEntry(tx, { workspaceId: workspace.id, kind: "adjustment", amount: BigInt(amount), sourceType: "admin", sourceId: newId("ledger"), description: "Operator adjustment" }),
);
console.log(String((await getBalance(workspace.id)).balance));
await db.$disconnect();
