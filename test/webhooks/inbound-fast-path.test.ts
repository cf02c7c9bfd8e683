// A subscription that accepted a delivery is acknowledged in ONE statement afterwards (its rows
// remembered in the process and re-checked by the acknowledging statement: lib/inbound/
// fast-delivery.ts). Whatever changed since counts on the very next delivery: a rotated secret,
// a disabled subscription, a revoked token, a removed or demoted owner, an empty balance.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PATCH as patchRoute } from "@/app/v1/inbound-subscriptions/[id]/route";
import { POST as rotateRoute } from "@/app/v1/inbound-subscriptions/[id]/rotate-secret/route";
import { appendLedgerEntry, getBalance } from "@/lib/billing/credits";
import { db } from "@/lib/db/client";
import { stopBoss } from "@/lib/queue/boss";
import { shredWorkspaceKey } from "@/lib/vault/shred";
import { call, inProject } from "@/test/support/http";
import { statementsOf } from "@/test/support/count-statements";
import { deliver, inboundWorld, type Created } from "./inbound-helpers";

afterAll(async () => {
  await stopBoss();
});

const BODY = '{"name":"Ada"}';

/** A delivery and the statements it sent. */
const counted = (sub: Created, opts: Parameters<typeof deliver>[2] = {}) => statementsOf(() => deliver(sub, BODY, opts));

const reasons = async (subscriptionId: string) =>
  (await db.inboundDelivery.findMany({ where: { subscriptionId }, orderBy: { id: "asc" }, select: { status: true, reason: true } })).map((d) => `${d.status} ${d.reason}`);
const jobsOf = async (runId: string) => Number((await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pgboss.job WHERE data->>'runId' = ${runId}`)[0].n);

/**
 * The token's use is recorded by the first delivery with a write it does not wait for
 * (lib/tokens/authenticate.ts), so on a loaded machine it can land after the answer: counting
 * starts once it is in, so it cannot fall into the next delivery's window.
 */
const tokenUseRecorded = (tokenId: string) =>
  vi.waitFor(async () => expect((await db.apiToken.findUniqueOrThrow({ where: { id: tokenId }, select: { lastUsedAt: true } })).lastUsedAt).not.toBeNull(), { timeout: 15_000, interval: 20 });

/** A world whose subscription has accepted a delivery (so it is remembered), then two more in one statement each. */
async function warmWorld() {
  const world = await inboundWorld();
  expect((await deliver(world.sub, BODY)).status).toBe(202);
  await tokenUseRecorded(world.sub.tokenId);
  expect((await deliver(world.sub, BODY)).status).toBe(202);
  const fast = await counted(world.sub);
  expect(fast.result.status).toBe(202);
  expect(fast.statements).toHaveLength(1);
  return world;
}

describe("inbound deliveries in one round trip", () => {
  it("a known subscription: one statement writes the log line and the job, and nothing else", async () => {
    const { sub } = await inboundWorld();
    const first = await counted(sub);
    expect(first.result.status).toBe(202);
    expect(first.statements.length).toBeGreaterThanOrEqual(2);
    // The first delivery recorded the token's use (a bookkeeping write, at most once a minute).
    await tokenUseRecorded(sub.tokenId);
    const recording = await counted(sub);
    expect(recording.statements).toHaveLength(1);
    const second = await counted(sub);
    expect(second.result.status).toBe(202);
    expect(second.result.json).toEqual({ runId: expect.stringMatching(/^run_/) });
    expect(second.result.headers.get("x-ratelimit-limit")).toBeTruthy();
    expect(second.statements).toHaveLength(1);
    expect(second.statements[0]).toMatch(/INSERT INTO "InboundDelivery"/);
    const log = await db.inboundDelivery.findMany({ where: { subscriptionId: sub.id }, orderBy: { id: "asc" } });
    expect(log.map((d) => [d.status, d.reason, d.runId])).toEqual([
      [202, "accepted", first.result.json.runId],
      [202, "accepted", recording.result.json.runId],
      [202, "accepted", second.result.json.runId],
    ]);
    expect(await jobsOf(second.result.json.runId)).toBe(1);
    // A refusal on the fast path is answered the usual way: the same 401, logged with its reason.
    const tampered = await deliver(sub, BODY, { secret: "whsec_not-the-secret-000000000000000000000000" });
    expect(tampered.status).toBe(401);
    expect((await reasons(sub.id)).at(-1)).toBe("401 bad_signature");
  });

  it("a rotated secret counts on the next delivery: the old signature → 401, the new one → 202", async () => {
    const { t, sub } = await warmWorld();
    const rotated = await call(rotateRoute, "/", { method: "POST", headers: inProject(t.admin, t.slug), params: { id: sub.id } });
    expect(rotated.status).toBe(200);
    const old = await deliver(sub, BODY);
    expect(old.status).toBe(401);
    expect(old.text).not.toContain(sub.signingSecret);
    expect((await reasons(sub.id)).at(-1)).toBe("401 bad_signature");
    const renewed = { ...sub, signingSecret: rotated.json.signingSecret as string };
    expect((await deliver(renewed, BODY)).status).toBe(202);
    // Remembered again, with the new secret only.
    expect((await counted(renewed)).statements).toHaveLength(1);
    expect((await deliver(sub, BODY)).status).toBe(401);
  });

  it("a disabled subscription counts on the next delivery: 401 disabled, no job", async () => {
    const { t, sub } = await warmWorld();
    const jobsBefore = await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pgboss.job WHERE data->>'subscriptionId' = ${sub.id}`;
    const patched = await call(patchRoute, "/", { method: "PATCH", headers: inProject(t.admin, t.slug), params: { id: sub.id }, body: { enabled: false } });
    expect(patched.status).toBe(200);
    expect((await deliver(sub, BODY)).status).toBe(401);
    expect((await reasons(sub.id)).at(-1)).toBe("401 disabled");
    const jobsAfter = await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pgboss.job WHERE data->>'subscriptionId' = ${sub.id}`;
    expect(jobsAfter[0].n).toBe(jobsBefore[0].n);
  });

  it("a revoked token, then a removed owner, count on the next delivery: 401 bad_token", async () => {
    const revokedWorld = await warmWorld();
    await db.apiToken.update({ where: { id: revokedWorld.sub.tokenId }, data: { revokedAt: new Date() } });
    expect((await deliver(revokedWorld.sub, BODY)).status).toBe(401);
    expect((await reasons(revokedWorld.sub.id)).at(-1)).toBe("401 bad_token");

    const { t, sub } = await warmWorld();
    const owner = (await db.apiToken.findUniqueOrThrow({ where: { id: sub.tokenId } })).userId;
    await db.workspaceMember.update({ where: { workspaceId_userId: { workspaceId: t.workspace.id, userId: owner } }, data: { role: "member" } });
    expect((await deliver(sub, BODY)).status).toBe(401);
    expect((await reasons(sub.id)).at(-1)).toBe("401 bad_token");
  });

  it("an emptied balance counts on the next delivery: 402", async () => {
    const { t, sub } = await warmWorld();
    const { balance } = await getBalance(t.workspace.id);
    await db.$transaction((tx) =>
      appendLedgerEntry(tx, { workspaceId: t.workspace.id, kind: "adjustment", amount: -balance, sourceType: "admin", sourceId: `test-${randomBytes(6).toString("hex")}` }),
    );
    const res = await deliver(sub, BODY);
    expect(res.status).toBe(402);
    expect((await reasons(sub.id)).at(-1)).toBe("402 insufficient_credits");
  });

  it("a shredded workspace key counts on the next delivery: the remembered secret is not used", async () => {
    const { t, sub } = await warmWorld();
    expect(await shredWorkspaceKey(t.workspace.id)).toBe(true);
    const res = await deliver(sub, BODY);
    expect(res.status).not.toBe(202);
    expect((await reasons(sub.id)).at(-1)).not.toBe("202 accepted");
  });
});
