// The signing secret and the automation token exist in plaintext in exactly two responses
// (create; rotate for the secret). Every other response, every log line and every row of
// every table (audit, delivery log, runs, run events, idempotency keys, job payloads) → 0 hits.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "@/lib/core/logger";
import { stopBoss } from "@/lib/queue/boss";
import { GET as listRoute } from "@/app/v1/workflows/[id]/inbound/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/inbound-subscriptions/[id]/route";
import { POST as rotateRoute } from "@/app/v1/inbound-subscriptions/[id]/rotate-secret/route";
import { GET as deliveriesRoute } from "@/app/v1/inbound-subscriptions/[id]/deliveries/route";
import { createSubscription, deliver, inboundWorld, type Created } from "./inbound-helpers";
import { call, inProject } from "@/test/support/http";

const logs: string[] = [];
beforeAll(() => setLogSink((line) => logs.push(line)));
afterAll(async () => {
  setLogSink(null);
  await stopBoss();
});

async function dumpDatabase(): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const tables = await client.query<{ table_schema: string; table_name: string }>(
      "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const { table_schema, table_name } of tables.rows) {
      const name = `${client.escapeIdentifier(table_schema)}.${client.escapeIdentifier(table_name)}`;
      const rows = await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${name} t`);
      for (const r of rows.rows) parts.push(r.j);
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

describe("inbound secrets never leave the create/rotate responses", () => {
  it("canaries (secret, rotated secret, token): 0 hits in later responses, logs, audit rows, delivery rows and the whole database", async () => {
    const { t, workflow, sub } = await inboundWorld();
    const headers = inProject(t.admin, t.slug);
    const later: string[] = [];
    const keep = <T extends { text: string }>(r: T) => (later.push(r.text), r);

    // Deliveries of every outcome, including senders that misuse the values.
    keep(await deliver(sub, '{"name":"Ada"}', { idempotencyKey: "k1" }));
    keep(await deliver(sub, '{"name":"Ada"}', { idempotencyKey: "k1" }));
    keep(await deliver(sub, '{"name":"Ada"}', { signature: sub.signingSecret }));
    keep(await deliver(sub, '{"name":"Ada"}', { signature: `sha256=${sub.signingSecret}` }));
    keep(await deliver(sub, '{"name":"Ada"}', { token: sub.signingSecret }));
    keep(await deliver(sub, '{"nome":"Ada"}'));
    keep(await deliver(sub, "{bad json"));
    keep(await deliver(sub, '{"name":"Ada"}', { headers: { "content-length": String(2 * 1024 * 1024) } }));
    keep(await deliver({ ...sub, id: "ibs_unknown" }, '{"name":"Ada"}'));

    keep(await call(listRoute, "/", { headers, params: { id: workflow.id } }));
    keep(await call(getRoute, "/", { headers, params: { id: sub.id } }));
    keep(await call(patchRoute, "/", { method: "PATCH", headers, params: { id: sub.id }, body: { enabled: false } }));
    keep(await deliver(sub, '{"name":"Ada"}'));
    keep(await call(patchRoute, "/", { method: "PATCH", headers, params: { id: sub.id }, body: { enabled: true, name: "renamed" } }));
    keep(await call(deliveriesRoute, "/", { headers, params: { id: sub.id } }));

    const rotated = await call(rotateRoute, "/", { method: "POST", headers, params: { id: sub.id } });
    expect(rotated.status).toBe(200);
    const next = rotated.json.signingSecret as string;
    expect(rotated.text).not.toContain(sub.signingSecret);
    expect(rotated.text).not.toContain(sub.token);
    keep(await deliver({ ...sub, signingSecret: next }, '{"name":"Grace"}'));
    keep(await deliver(sub, '{"name":"Grace"}'));
    keep(await call(getRoute, "/", { headers, params: { id: sub.id } }));
    keep(await call(deliveriesRoute, "/", { headers, params: { id: sub.id } }));

    // A second subscription, deleted at the end: its values must not linger either.
    const other = (await createSubscription(t, workflow.id)).json as Created;
    keep(await deliver(other, '{"name":"Ada"}'));
    keep(await call(deleteRoute, "/", { method: "DELETE", headers, params: { id: other.id } }));
    keep(await deliver(other, '{"name":"Ada"}'));

    const canaries = [sub.signingSecret, next, sub.token, other.signingSecret, other.token];
    // The body part of each value: a hit on a fragment is a leak too.
    const fragments = canaries.map((c) => c.replace(/^(whsec_|ar_pat_)/, ""));
    const db = await dumpDatabase();
    expect(later.length).toBeGreaterThan(20);
    expect(db).toContain(sub.id);
    for (const f of fragments) {
      expect(later.filter((r) => r.includes(f))).toEqual([]);
      expect(logs.filter((l) => l.includes(f))).toEqual([]);
      expect(db.includes(f)).toBe(false);
    }
  });
});
