import { db } from "@/lib/db/client";
import { decryptSecret } from "@/lib/vault";
import { afterAll, beforeAll } from "vitest";
import { stopBoss } from "@/lib/queue/boss";

/** Every table with a "workspaceId" column (what a purge must cover). */
export async function workspaceTables(): Promise<string[]> {
  const rows = await db.$queryRaw<{ table_name: string }[]>`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'workspaceId' ORDER BY table_name`;
  return rows.map((r) => r.table_name);
}

/** Rows of a workspace, per table (plus WebhookAttempt, reached through its delivery, and the Workspace row). */
export async function rowCounts(workspaceId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await workspaceTables()) {
    if (t === "WorkspaceDeletion" || t === "BillingRetention") continue;
    const [{ n }] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t}" WHERE "workspaceId" = $1`, workspaceId);
    out[t] = Number(n);
  }
  const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "WebhookAttempt" a JOIN "WebhookDelivery" d ON d.id = a."deliveryId" WHERE d."workspaceId" = ${workspaceId}`;
  out.WebhookAttempt = Number(n);
  out.Workspace = await db.workspace.count({ where: { id: workspaceId } });
  return out;
}

export type Ciphertext = { workspaceId: string; table: string; rowId: string; column: string; value: Uint8Array };

/** Every vault ciphertext a workspace holds: each bytea column of its tables (the data key aside). */
export async function ciphertextsOf(workspaceId: string): Promise<Ciphertext[]> {
  const cols = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    WHERE c.table_schema = current_schema() AND c.data_type = 'bytea' AND c.table_name <> 'WorkspaceKey'
      AND EXISTS (SELECT 1 FROM information_schema.columns w WHERE w.table_schema = c.table_schema AND w.table_name = c.table_name AND w.column_name = 'workspaceId')`;
  const out: Ciphertext[] = [];
  for (const { table_name: table, column_name: column } of cols) {
    const rows = await db.$queryRawUnsafe<{ id: string; v: Uint8Array }[]>(`SELECT id, "${column}" AS v FROM "${table}" WHERE "workspaceId" = $1 AND "${column}" IS NOT NULL`, workspaceId);
    for (const r of rows) out.push({ workspaceId, table, rowId: r.id, column, value: r.v });
  }
  return out;
}

/** How many of the ciphertexts still decrypt. */
export async function decryptable(list: Ciphertext[]): Promise<number> {
  let ok = 0;
  for (const c of list) {
    try {
      await decryptSecret({ workspaceId: c.workspaceId, table: c.table, rowId: c.rowId, column: c.column }, c.value);
      ok++;
    } catch {
      // shredded (or never ours): counted as a failure
    }
  }
  return ok;
}

/** Mail jobs queued to an address (the mail queue's payloads). */
export async function mailsTo(to: string): Promise<{ subject: string; text: string }[]> {
  const rows = await db.$queryRaw<{ data: { message: { to: string; subject: string; text: string } } }[]>`SELECT data FROM pgboss.job WHERE name = 'mail' AND data->'message'->>'to' = ${to}`;
  return rows.map((r) => r.data.message);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** For a test file: deletions get a 1 s grace window (restored afterwards), and the queue stops at the end. */
export function shortGraceWindow(): void {
  const saved = process.env.WORKSPACE_DELETION_GRACE_SECONDS;
  beforeAll(() => {
    process.env.WORKSPACE_DELETION_GRACE_SECONDS = "1";
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.WORKSPACE_DELETION_GRACE_SECONDS;
    else process.env.WORKSPACE_DELETION_GRACE_SECONDS = saved;
    await stopBoss();
  });
}
