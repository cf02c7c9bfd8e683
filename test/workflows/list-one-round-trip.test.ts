// GET /v1/workflows reads the caller's access and the page in ONE statement (the list runs
// under the access statement: lib/access/tenant-statement.ts), and every access decision still
// reads the rows of that very request: revocation, demotion, removal and a disabled account
// count on the next call, and a refused request sends none of the rows it read.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/v1/workflows/route";
import { db } from "@/lib/db/client";
import { listWorkflows } from "@/lib/workflows/list-workflows";
import { createTestToken } from "@/test/factories/tokens";
import { createTestWorkflow } from "@/test/factories/workflows";
import { call, tokenHeaders } from "@/test/support/http";
import { statementsOf } from "@/test/support/count-statements";
import { joinAs, teamWorld } from "@/test/support/world";

type World = Awaited<ReturnType<typeof teamWorld>>;
let w: World;
const SLUGS = ["alpha", "beta", "gamma"];

beforeAll(async () => {
  w = await teamWorld();
  for (const slug of SLUGS) await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, slug });
  await createTestWorkflow({ workspaceId: w.b.workspace.id, projectId: w.b.project.id, slug: "foreign" });
});

const list = (token: string, query: Record<string, string> = {}, slug = w.a.slug) =>
  statementsOf(() => call(listRoute, "/v1/workflows", { headers: tokenHeaders(token, slug, "default"), query }));

/** A token of `userId` that has been used once (its lastUsedAt bookkeeping write is behind it). */
async function usedToken(userId: string, opts: { scopes?: string[]; projectId?: string } = {}) {
  const issued = await createTestToken({ userId, workspaceId: w.a.workspace.id, ...opts });
  await db.apiToken.update({ where: { id: issued.row.id }, data: { lastUsedAt: new Date() } });
  return issued;
}

const expectNoRows = (text: string) => {
  for (const slug of [...SLUGS, "foreign"]) expect(text).not.toContain(`"${slug}"`);
};

describe("GET /v1/workflows in one round trip", () => {
  it("200: the page comes with the access check, one statement, the same page as the list on its own", async () => {
    const { token } = await usedToken(w.viewer.id);
    const { result: res, statements } = await list(token);
    expect(res.status).toBe(200);
    expect(res.json.data.map((x: { slug: string }) => x.slug)).toEqual([...SLUGS].reverse());
    expect(statements).toHaveLength(1);
    expect(res.json).toEqual(JSON.parse(JSON.stringify(await listWorkflows(w.a, { limit: 50 }))));
    const page = await list(token, { limit: "2" });
    expect(page.statements).toHaveLength(1);
    expect(page.result.json).toMatchObject({ data: [{ slug: "gamma" }, { slug: "beta" }], nextCursor: page.result.json.data[1].id });
  });

  it("a revoked token → 401 on the very next call, no rows", async () => {
    const { token, row } = await usedToken(w.viewer.id);
    expect((await list(token)).result.status).toBe(200);
    await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    const { result: res, statements } = await list(token);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
    expect(statements).toHaveLength(1);
    expectNoRows(res.text);
  });

  it("demotion and removal count on the next call (404 like a missing project/workspace), no rows", async () => {
    const user = await joinAs(w.a, "tenant_admin");
    const { token } = await usedToken(user.id);
    expect((await list(token)).result.status).toBe(200);
    const key = { workspaceId_userId: { workspaceId: w.a.workspace.id, userId: user.id } };
    // A member without a role in the project does not see it.
    await db.workspaceMember.update({ where: key, data: { role: "member" } });
    const demoted = await list(token);
    expect(demoted.result.status).toBe(404);
    expect(demoted.statements).toHaveLength(1);
    expectNoRows(demoted.result.text);
    await db.workspaceMember.update({ where: key, data: { role: "tenant_admin" } });
    expect((await list(token)).result.status).toBe(200);
    await db.workspaceMember.delete({ where: key });
    const removed = await list(token);
    expect(removed.result.status).toBe(404);
    expectNoRows(removed.result.text);
  });

  it("a disabled account → 401; a token without workflow:read → 403; a token of another project → 404; no rows", async () => {
    const user = await joinAs(w.a, "tenant_admin");
    const narrow = await usedToken(user.id, { scopes: ["workspace:read"] });
    const scoped = await list(narrow.token);
    expect(scoped.result.status).toBe(403);
    expect(scoped.result.json.error.code).toBe("insufficient_scope");
    expectNoRows(scoped.result.text);
    const elsewhere = await usedToken(user.id, { projectId: w.a.other.id });
    const other = await list(elsewhere.token);
    expect(other.result.status).toBe(404);
    expectNoRows(other.result.text);
    const { token } = await usedToken(user.id);
    expect((await list(token)).result.status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const disabled = await list(token);
    expect(disabled.result.status).toBe(401);
    expectNoRows(disabled.result.text);
  });

  it("another tenant's token naming this workspace → 404; a bad query → 422 only once access allowed it", async () => {
    const { token: foreign } = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id });
    const outsider = await list(foreign);
    expect(outsider.result.status).toBe(404);
    expectNoRows(outsider.result.text);
    const own = await list(foreign, {}, w.b.slug);
    expect(own.result.json.data.map((x: { slug: string }) => x.slug)).toEqual(["foreign"]);
    const { token } = await usedToken(w.viewer.id);
    expect((await list(token, { limit: "0" })).result.status).toBe(422);
    const { token: revoked, row } = await usedToken(w.viewer.id);
    await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    expect((await list(revoked, { limit: "0" })).result.status).toBe(401);
  });
});
