import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { SCOPES } from "@/lib/authz/permissions";
import { authenticatePat } from "@/lib/tokens/authenticate";
import { verifyPassword } from "@/lib/auth/password-hash";
import { DEMO, seedDemo } from "@/lib/seed/seed-demo";
import { GET as listProjects } from "@/app/v1/projects/route";

describe("npm run seed (seedDemo)", () => {
  it("creates the demo user, workspace demo with project dev, and a token with every scope that works on the API", async () => {
    const first = await seedDemo(null);
    expect(first.createdUser).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    expect(user.emailVerified).not.toBeNull();
    expect(await verifyPassword(user.passwordHash!, first.password)).toBe(true);

    const principal = await authenticatePat(first.token);
    expect([...principal.scopes].sort()).toEqual([...SCOPES].sort());

    const res = await listProjects(
      new Request("http://localhost/v1/projects", { headers: { authorization: `Bearer ${first.token}`, "x-tenant-id": "demo" } }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    const slugs = ((await res.json()) as { data: { slug: string }[] }).data.map((p) => p.slug).sort();
    expect(slugs).toEqual(["default", "dev"]);
  });

  it("is idempotent: a second run keeps one user, workspace and project, keeps the known password, and issues a new token", async () => {
    const first = await seedDemo(null);
    const second = await seedDemo(first.password);
    expect(second.createdUser).toBe(false);
    expect(second.password).toBe(first.password);
    expect(second.token).not.toBe(first.token);
    expect(await db.user.count({ where: { email: DEMO.email } })).toBe(1);
    expect(await db.workspace.count({ where: { slug: DEMO.workspace } })).toBe(1);
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
    expect(await db.project.count({ where: { workspaceId: ws.id, slug: DEMO.project } })).toBe(1);
    await expect(authenticatePat(first.token)).resolves.toMatchObject({ workspaceId: ws.id });
    await expect(authenticatePat(second.token)).resolves.toMatchObject({ workspaceId: ws.id });
    // The free grant lands once, however often the seed runs.
    expect(await db.ledgerEntry.count({ where: { workspaceId: ws.id, kind: "grant" } })).toBe(1);
  });

  it("grants the free credits to a demo workspace created before billing existed", async () => {
    const first = await seedDemo(null);
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
    // Simulate a workspace from before billing: no ledger entries and no balance row (as the table
    // owner, the test lifts the append-only triggers — statement and per-row — for this one delete).
    await db.$executeRaw`ALTER TABLE "LedgerEntry" DISABLE TRIGGER USER`;
    try {
      await db.ledgerEntry.deleteMany({ where: { workspaceId: ws.id } });
    } finally {
      await db.$executeRaw`ALTER TABLE "LedgerEntry" ENABLE TRIGGER USER`;
    }
    await db.workspaceBalance.deleteMany({ where: { workspaceId: ws.id } });
    await seedDemo(first.password);
    const balance = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: ws.id } });
    expect(balance.balance).toBeGreaterThan(0n);
    expect(await db.ledgerEntry.count({ where: { workspaceId: ws.id, kind: "grant" } })).toBe(1);
  });

  it("sets a new password when the remembered one no longer verifies", async () => {
    const first = await seedDemo(null);
    const again = await seedDemo("not-the-password");
    expect(again.password).not.toBe("not-the-password");
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    expect(await verifyPassword(user.passwordHash!, again.password)).toBe(true);
    expect(await verifyPassword(user.passwordHash!, first.password)).toBe(false);
  });
});
