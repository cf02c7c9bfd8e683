import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GATEWAY_CHANNEL } from "@/lib/db/notify-gateway";
import { hashToken, isWellFormedToken } from "@/lib/tokens/format";
import { allowLoopback } from "@/test/connections/helpers";
import { lastAudit, teamWorld } from "@/test/support/world";
import { createAgent, deleteAgent, getAgent, getRuntime, issueToken, listAgents, listTokens, patchAgent, revokeToken, rotateToken } from "./helpers";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = allowLoopback();
});
afterAll(() => restoreEnv());

async function world() {
  const w = await teamWorld();
  const created = await createAgent(w.admin);
  expect(created.status, created.text).toBe(201);
  return { ...w, id: created.json.agent.id as string, value: created.json.token.token as string, tokenId: created.json.token.id as string };
}

describe("agent tokens", () => {
  it("the value is shown once: stored as its SHA-256, never in a later answer or the audit log", async () => {
    const { a, admin, id, value, tokenId } = await world();
    expect(isWellFormedToken(value, "agent")).toBe(true);
    const row = await db.agentToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row.tokenHash).toBe(hashToken(value));
    expect(JSON.stringify(row)).not.toContain(value);
    const later = [await listAgents(admin), await getAgent(admin, id), await listTokens(admin, id), await getRuntime(admin, id), await patchAgent(admin, id, { name: "Renamed" })];
    for (const r of later) {
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(value);
      expect(r.text).not.toContain(row.tokenHash);
    }
    expect((await listTokens(admin, id)).json).toEqual({
      data: [{ id: tokenId, name: "default", prefix: row.prefix, createdAt: row.createdAt.toISOString(), lastUsedAt: null, expiresAt: null, revokedAt: null }],
      nextCursor: null,
    });
    const audits = await db.auditLog.findMany({ where: { workspaceId: a.workspace.id, action: { startsWith: "agent." } } });
    expect(audits.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits)).not.toContain(value);
  });

  it("rotate revokes every live token (extra ones too) and issues one new, shown once", async () => {
    const { a, admin, id, value, tokenId } = await world();
    const extra = await issueToken(admin, id, { name: "cli" });
    expect(extra.status, extra.text).toBe(201);
    const rotated = await rotateToken(admin, id);
    expect(rotated.status, rotated.text).toBe(201);
    expect(rotated.json).toMatchObject({ name: "default", revokedAt: null, expiresAt: null });
    expect(rotated.json.token).not.toBe(value);
    expect(isWellFormedToken(rotated.json.token, "agent")).toBe(true);
    const rows = await db.agentToken.findMany({ where: { agentId: id } });
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.revokedAt === null).map((r) => r.id)).toEqual([rotated.json.id]);
    expect(rows.find((r) => r.id === tokenId)?.revokedAt).toBeInstanceOf(Date);
    expect(rows.find((r) => r.id === extra.json.id)?.revokedAt).toBeInstanceOf(Date);
    const audit = await lastAudit(a.workspace.id, "agent.token_rotate");
    expect(audit).toMatchObject({ targetId: id, metadata: expect.objectContaining({ revokedTokenIds: expect.arrayContaining([tokenId, extra.json.id]) }) });
    expect(JSON.stringify(audit)).not.toContain(rotated.json.token);
    const listed = (await listTokens(admin, id)).json.data;
    expect(listed.map((t: { id: string }) => t.id)).toEqual([rotated.json.id, extra.json.id, tokenId]);
    expect(JSON.stringify(listed)).not.toContain(rotated.json.token);
  });

  it("extra tokens expire: 30 days by default and at most, or sooner", async () => {
    const { admin, id } = await world();
    const day = 86_400_000;
    const byDefault = await issueToken(admin, id, { name: "cli" });
    expect(byDefault.status).toBe(201);
    expect(Math.abs(new Date(byDefault.json.expiresAt).getTime() - (Date.now() + 30 * day))).toBeLessThan(60_000);
    const short = await issueToken(admin, id, { name: "ci run", expiresInSeconds: 600 });
    expect(Math.abs(new Date(short.json.expiresAt).getTime() - (Date.now() + 600_000))).toBeLessThan(60_000);
    for (const body of [{ name: "x", expiresInSeconds: 30 * 86_400 + 1 }, { name: "x", expiresInSeconds: 0 }, { name: "" }, {}, { name: "x", agentId: "agt_other" }]) {
      expect((await issueToken(admin, id, body)).status).toBe(422);
    }
    expect(await db.agentToken.count({ where: { agentId: id } })).toBe(3);
  });

  it("revoke one token: the others stay; idempotent and audited once", async () => {
    const { a, admin, id, tokenId } = await world();
    const extra = await issueToken(admin, id, { name: "cli" });
    const res = await revokeToken(admin, id, extra.json.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: extra.json.id, name: "cli" });
    expect(res.json.revokedAt).not.toBeNull();
    expect(res.json.token).toBeUndefined();
    const again = await revokeToken(admin, id, extra.json.id);
    expect(again.json.revokedAt).toBe(res.json.revokedAt);
    expect(await db.auditLog.count({ where: { workspaceId: a.workspace.id, action: "agent.token_revoke", targetId: extra.json.id } })).toBe(1);
    expect((await db.agentToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).toBeNull();
    expect((await revokeToken(admin, id, "agtk_missing")).status).toBe(404);
  });
});

describe("gateway notifications", () => {
  it("every change to an agent or its tokens notifies the gateway channel at commit", async () => {
    const { admin, id, tokenId } = await world();
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const seen: Array<{ kind: string; agentId: string }> = [];
    client.on("notification", (n) => n.channel === GATEWAY_CHANNEL && seen.push(JSON.parse(n.payload ?? "null")));
    await client.query(`LISTEN ${GATEWAY_CHANNEL}`);
    try {
      const mine = { kind: "agent", agentId: id };
      const expectOne = async (what: string, act: () => Promise<{ status: number }>) => {
        seen.length = 0;
        const res = await act();
        expect(res.status, what).toBeLessThan(300);
        await expect.poll(() => seen.length, { timeout: 2_000 }).toBeGreaterThan(0);
        expect(seen, what).toEqual([mine]);
      };
      await expectOne("update", () => patchAgent(admin, id, { systemPrompt: "changed" }));
      await expectOne("issue", () => issueToken(admin, id, { name: "cli" }));
      await expectOne("revoke", () => revokeToken(admin, id, tokenId));
      await expectOne("rotate", () => rotateToken(admin, id));
      await expectOne("delete", () => deleteAgent(admin, id));

      // A refused change notifies nothing.
      const other = await createAgent(admin);
      await expect.poll(() => JSON.stringify(seen), { timeout: 2_000 }).toContain(other.json.agent.id);
      seen.length = 0;
      expect((await patchAgent(admin, other.json.agent.id, { endpointUrl: "http://10.0.0.1/" })).status).toBe(422);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it("create notifies with the new agent's id", async () => {
    const { admin } = await teamWorld();
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const seen: Array<{ kind: string; agentId: string }> = [];
    client.on("notification", (n) => n.channel === GATEWAY_CHANNEL && seen.push(JSON.parse(n.payload ?? "null")));
    await client.query(`LISTEN ${GATEWAY_CHANNEL}`);
    try {
      const created = await createAgent(admin);
      await expect.poll(() => seen.some((s) => s.agentId === created.json.agent.id), { timeout: 2_000 }).toBe(true);
    } finally {
      await client.end();
    }
  });
});
