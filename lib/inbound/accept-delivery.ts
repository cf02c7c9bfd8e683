import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pool";
import { newId } from "@/lib/core/ids";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { composeJobStatement } from "@/lib/queue/job-statement";
import { deliverySql, deliveryValues } from "./delivery-target";

// The acknowledgement of a verified delivery: its log line (202, accepted, the run id it will
// have) and the job that creates the run, committed together before the sender hears 202. So
// an acknowledged delivery is never lost: a crash after the commit leaves the job to a worker,
// a crash before it answers the sender with an error (who retries). Creating the run — its
// credits, its row, its events — happens off the request path (admit-delivery.ts).

export type AdmissionJob = {
  deliveryId: string;
  runId: string;
  subscriptionId: string;
  workspaceId: string;
  projectId: string;
  workflowId: string;
  versionNumber: number;
  input: Record<string, unknown>;
  startedById: string | null;
  startedByTokenId: string | null;
  /** ISO time of the acknowledgement: how long the delivery may wait for credits is counted from it. */
  acceptedAt: string;
};

type Row = { id: string; subscriptionId: string; workspaceId: string; projectId: string; runId: string; idempotencyKey: string | null; createdAt: Date };

type Statement = { text: string; name: string };
type Query = (statement: Statement, values: unknown[]) => Promise<unknown[]>;

// The statement texts built from pg-boss's (one per queue and options: a handful, each plain or
// gated), each with the name of its prepared statement on the raw pool.
const statements = new Map<string, Statement>();

/** Re-checks a delivery's rows in the acknowledging statement: they must still have this fingerprint (delivery-target.ts). */
export type AcceptGate = { subscriptionId: string; tokenHash: string; fingerprint: string };

const deliveryInsert = (n: number, source: string) => `inbound_delivery AS (
      INSERT INTO "InboundDelivery" (id, "subscriptionId", "workspaceId", "projectId", status, reason, "runId", "idempotencyKey", "createdAt")
      SELECT $${n + 1}::text, $${n + 2}::text, $${n + 3}::text, $${n + 4}::text, 202, 'accepted', $${n + 5}::text, $${n + 6}::text, $${n + 7}::timestamp(3)
      ${source}
    )`;

// Gated: the log line and the job are inserted only when the delivery's rows, read again by the
// very statement that inserts them, still have the fingerprint its verdict was drawn from.
const gatedCtes = (n: number) => `inbound_gate AS (
      SELECT COALESCE((SELECT d.fingerprint FROM (${deliverySql(n + 8)}) d) = $${n + 8 + 6}::text, false) AS ok
    ), ${deliveryInsert(n, "FROM inbound_gate WHERE ok")}`;

function statementOf(bossSql: string, n: number, gate: boolean): Statement {
  const key = `${gate}:${bossSql}`;
  let statement = statements.get(key);
  if (statement) return statement;
  const text = gate
    ? composeJobStatement(bossSql, n, { ctes: gatedCtes, gate: "(SELECT ok FROM inbound_gate)" })
    : composeJobStatement(bossSql, n, { ctes: (m) => deliveryInsert(m, "") });
  statement = { text, name: `ar_inbound_accept_${createHash("sha256").update(text).digest("hex").slice(0, 16)}` };
  statements.set(key, statement);
  return statement;
}

/**
 * The delivery's log line rides on pg-boss's job insert (lib/queue/job-statement.ts), so the
 * acknowledgement is one round trip and both rows commit together or not at all.
 */
function withDeliveryRow(query: Query, row: Row, gate: AcceptGate | null = null) {
  return {
    executeSql: async (bossSql: string, values: unknown[] = []) => {
      // The time as UTC text: the column is a timestamp without time zone holding UTC.
      const own = [row.id, row.subscriptionId, row.workspaceId, row.projectId, row.runId, row.idempotencyKey, row.createdAt.toISOString()];
      const gateValues = gate ? [...deliveryValues(gate.subscriptionId, gate.tokenHash), gate.fingerprint] : [];
      const rows = await query(statementOf(bossSql, values.length, gate !== null), [...values, ...own, ...gateValues]);
      return { rows };
    },
  };
}

/** On its own (autocommit), as a prepared statement of the raw pool: each connection plans it once. */
const onPool: Query = async ({ name, text }, values) => (await pgPool().query({ name, text, values })).rows;

/** Inside a Prisma transaction (with the Idempotency-Key's stored answer). */
const inTx =
  (tx: Tx): Query =>
  ({ text }, values) =>
    tx.$queryRawUnsafe<unknown[]>(text, ...values);

type Sub = { id: string; workspaceId: string; projectId: string; workflowId: string };
type Delivery = { versionNumber: number; input: Record<string, unknown>; startedById: string | null; startedByTokenId: string | null; idempotencyKey: string | null };

function admissionOf(sub: Sub, delivery: Delivery): { job: AdmissionJob; row: Row } {
  const acceptedAt = new Date();
  const job: AdmissionJob = {
    deliveryId: newId("inboundDelivery"),
    runId: newId("run"),
    subscriptionId: sub.id,
    workspaceId: sub.workspaceId,
    projectId: sub.projectId,
    workflowId: sub.workflowId,
    versionNumber: delivery.versionNumber,
    input: delivery.input,
    startedById: delivery.startedById,
    startedByTokenId: delivery.startedByTokenId,
    acceptedAt: acceptedAt.toISOString(),
  };
  const row: Row = { id: job.deliveryId, subscriptionId: sub.id, workspaceId: sub.workspaceId, projectId: sub.projectId, runId: job.runId, idempotencyKey: delivery.idempotencyKey, createdAt: acceptedAt };
  return { job, row };
}

/**
 * The acknowledgement in one statement, only if the delivery's rows still have `gate`'s
 * fingerprint (null: they changed, nothing was written).
 */
export async function acceptDeliveryIfUnchanged(sub: Sub, delivery: Omit<Delivery, "idempotencyKey">, gate: AcceptGate): Promise<{ runId: string } | null> {
  const boss = await getBoss();
  const { job, row } = admissionOf(sub, { ...delivery, idempotencyKey: null });
  const jobId = await boss.send(QUEUES.inboundAdmission, job, { db: withDeliveryRow(onPool, row, gate) });
  return jobId ? { runId: job.runId } : null;
}

export async function acceptDelivery(
  sub: Sub,
  delivery: Delivery,
  /** Runs inside the acknowledging transaction (the Idempotency-Key's stored answer commits with it). */
  onAccepted?: (tx: Tx, accepted: { runId: string }) => Promise<void>,
): Promise<{ runId: string }> {
  const boss = await getBoss();
  const { job, row } = admissionOf(sub, delivery);
  if (!onAccepted) {
    // One statement, committed on its own: nothing else has to commit with it.
    await boss.send(QUEUES.inboundAdmission, job, { db: withDeliveryRow(onPool, row) });
    return { runId: job.runId };
  }
  await db.$transaction(async (tx) => {
    await boss.send(QUEUES.inboundAdmission, job, { db: withDeliveryRow(inTx(tx), row) });
    await onAccepted(tx, { runId: job.runId });
    // A burst queues for the connection pool: wait for a connection rather than answer 500.
  }, { maxWait: 30_000, timeout: 30_000 });
  return { runId: job.runId };
}
