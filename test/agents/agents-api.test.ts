import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { gatewayPublicUrl } from "@/lib/agents/gateway-url";
import { createTestProvider } from "@/test/factories/providers";
import { allowLoopback } from "@/test/connections/helpers";
import { asToken, expectErrorShape, inProject } from "@/test/support/http";
import { lastAudit, teamWorld } from "@/test/support/world";
import { createAgent, deleteAgent, ENDPOINT, getAgent, getRuntime, IDP, issueToken, listAgents, listTokens, patchAgent, revokeToken, rotateToken, tryAgent, uniqueSlug } from "./helpers";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = allowLoopback();
  process.env.GATEWAY_INTERNAL_URL = "http://127.0.0.1:9";
});
afterAll(() => {
  restoreEnv();
  delete process.env.GATEWAY_INTERNAL_URL;
});

/** An agent of a's default project, created by a's tenant admin. */
async function world() {
  const w = await teamWorld();
  const created = await createAgent(w.admin, { identityProvider: IDP });
  expect(created.status, created.text).toBe(201);
  return { ...w, id: created.json.agent.id as string, slug: created.json.agent.slug as string, tokenId: created.json.token.id as string };
}

describe("/v1/agents CRUD", () => {
  it("create, list, get by id and by slug, patch and delete; audited without secrets", async () => {
    const { a, admin } = await teamWorld();
    const slug = uniqueSlug("support");
    const body = {
      slug,
      name: "Support bot",
      description: "Answers tickets",
      endpointUrl: ENDPOINT,
      systemPrompt: "You answer support tickets.",
      models: [{ role: "default", model: "gpt-4o-mini", temperature: 0.2 }],
      requiredTools: ["crm", "web-search"],
      identityProvider: { ...IDP, userClaim: "email" },
      allowedOrigins: ["https://App.Example.test:8443/", "http://localhost:3000"],
      runBudget: 2_000_000,
      tokensPerMinute: 10_000,
      endUserTokensPerMinute: 1_000,
    };
    const created = await createAgent(admin, body);
    expect(created.status, created.text).toBe(201);
    const { agent, token } = created.json;
    expect(agent).toMatchObject({
      slug,
      name: "Support bot",
      description: "Answers tickets",
      endpointUrl: ENDPOINT,
      ingressUrl: `${gatewayPublicUrl()}/a/${created.json.agent.id}`,
      models: [{ role: "default", model: "gpt-4o-mini", providerId: null, temperature: 0.2, maxTokens: null }],
      requiredTools: ["crm", "web-search"],
      identityProvider: { ...IDP, algorithms: ["RS256", "ES256"], userClaim: "email" },
      allowedOrigins: ["https://app.example.test:8443", "http://localhost:3000"],
      runBudget: 2_000_000,
      tokensPerMinute: 10_000,
      endUserTokensPerMinute: 1_000,
    });
    expect(agent.id).toMatch(/^agt_/);
    expect(token).toMatchObject({ name: "default", expiresAt: null, revokedAt: null });
    expect(token.token).toMatch(/^ar_agt_[0-9A-Za-z]{38}$/);
    expect(token.token.startsWith(token.prefix)).toBe(true);

    const audit = await lastAudit(a.workspace.id, "agent.create");
    expect(audit).toMatchObject({ targetId: agent.id, actorId: a.admin.id, projectId: a.project.id });
    expect(JSON.stringify(audit)).not.toContain(token.token);
    expect(JSON.stringify(audit)).not.toContain("You answer support tickets.");

    const listed = await listAgents(admin);
    expect(listed.json).toEqual({ data: [agent], nextCursor: null });
    expect((await getAgent(admin, agent.id)).json).toEqual(agent);
    expect((await getAgent(admin, slug)).json).toEqual(agent);

    const changed = await patchAgent(admin, slug, { name: "Support bot 2", identityProvider: null, allowedOrigins: [], runBudget: null });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toMatchObject({ name: "Support bot 2", identityProvider: null, allowedOrigins: [], runBudget: null, requiredTools: ["crm", "web-search"] });
    const updated = await lastAudit(a.workspace.id, "agent.update");
    expect(updated).toMatchObject({ targetId: agent.id, before: expect.objectContaining({ name: "Support bot" }), after: expect.objectContaining({ name: "Support bot 2", identityProvider: null }) });

    expect((await deleteAgent(admin, agent.id)).status).toBe(204);
    expect((await getAgent(admin, agent.id)).status).toBe(404);
    expect(await db.agentToken.count({ where: { agentId: agent.id } })).toBe(0);
    expect(await lastAudit(a.workspace.id, "agent.delete")).toMatchObject({ targetId: agent.id, before: expect.objectContaining({ slug }) });
  });

  it("lists with cursor pagination, newest first", async () => {
    const { admin } = await teamWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createAgent(admin)).json.agent.id);
    const first = await listAgents(admin, { limit: "2" });
    expect(first.json.data.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
    const second = await listAgents(admin, { limit: "2", cursor: first.json.nextCursor });
    expect(second.json).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
  });

  it("409 on a duplicate slug in the project (create and patch); another project may reuse it", async () => {
    const { a, admin, slug, id } = await world();
    const before = await db.agent.count({ where: { workspaceId: a.workspace.id } });
    const dup = await createAgent(admin, { slug });
    expect(dup.status).toBe(409);
    expect(dup.json.error.details).toEqual([{ path: "slug", message: "Already taken" }]);
    expect(await db.agent.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    expect((await createAgent(inProject(a.admin, a.slug, a.other.slug), { slug })).status).toBe(201);
    const other = await createAgent(admin);
    expect((await patchAgent(admin, other.json.agent.id, { slug })).status).toBe(409);
    expect((await getAgent(admin, id)).json.slug).toBe(slug);
  });
});

describe("422: validation, nothing saved", () => {
  it("refuses each class of bad input with the field named", async () => {
    const { a, b, admin } = await world();
    const foreignProvider = await createTestProvider({ workspaceId: b.workspace.id, vendor: "openai", apiKey: "sk-foreign-000000000000" });
    const before = await db.agent.count({ where: { workspaceId: a.workspace.id } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ slug: "Has-Caps" }, "slug"],
      [{ slug: "-leading" }, "slug"],
      [{ slug: "a".repeat(64) }, "slug"],
      [{ name: "" }, "name"],
      [{ endpointUrl: "ftp://example.test/agent" }, "endpointUrl"],
      [{ endpointUrl: "https://user:pw@example.test/agent" }, "endpointUrl"],
      [{ endpointUrl: "http://10.1.2.3/agent" }, "endpointUrl"],
      [{ endpointUrl: "http://169.254.169.254/latest/meta-data" }, "endpointUrl"],
      [{ endpointUrl: "http://[::1]:8080/agent" }, "endpointUrl"],
      [{ identityProvider: { ...IDP, jwksUrl: "http://192.168.0.10/jwks" } }, "identityProvider.jwksUrl"],
      [{ identityProvider: { ...IDP, algorithms: ["HS256"] } }, "identityProvider.algorithms.0"],
      [{ identityProvider: { ...IDP, algorithms: ["RS256", "none"] } }, "identityProvider.algorithms.1"],
      [{ identityProvider: { ...IDP, audiences: [] } }, "identityProvider.audiences"],
      [{ identityProvider: { ...IDP, issuer: "" } }, "identityProvider.issuer"],
      [{ models: [{ role: "default", model: "gpt-4o", providerId: "llm_nope" }] }, "models.0.providerId"],
      [{ models: [{ role: "default", model: "gpt-4o", providerId: foreignProvider.id }] }, "models.0.providerId"],
      [{ models: [{ role: "default", model: "my-own-model" }] }, "models.0.model"],
      [{ models: [{ role: "Default", model: "gpt-4o" }] }, "models.0.role"],
      [{ models: [{ role: "default", model: "gpt-4o" }, { role: "default", model: "gpt-4o-mini" }] }, "models"],
      [{ models: [{ role: "default", model: "gpt-4o", temperature: 3 }] }, "models.0.temperature"],
      [{ requiredTools: ["Web Search"] }, "requiredTools.0"],
      [{ requiredTools: ["web-search", "web_search"] }, "requiredTools"],
      [{ allowedOrigins: ["https://app.example.test/path"] }, "allowedOrigins.0"],
      [{ allowedOrigins: ["app.example.test"] }, "allowedOrigins.0"],
      [{ allowedOrigins: ["*"] }, "allowedOrigins.0"],
      [{ systemPrompt: "é".repeat(16 * 1024 + 1) }, "systemPrompt"],
      [{ runBudget: -1 }, "runBudget"],
      [{ runBudget: 1.5 }, "runBudget"],
      [{ tokensPerMinute: 0 }, "tokensPerMinute"],
      [{ endUserTokensPerMinute: -5 }, "endUserTokensPerMinute"],
      [{ workspaceId: "ws_other" }, ""],
    ];
    for (const [body, path] of cases) {
      const res = await createAgent(admin, body);
      expect([JSON.stringify(body).slice(0, 120), res.status]).toEqual([JSON.stringify(body).slice(0, 120), 422]);
      expectErrorShape(res.json, new Response(null, { headers: res.headers }), "invalid_request");
      if (path) expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await db.agent.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
  });

  it("explains why HS256 is refused", async () => {
    const { admin } = await world();
    const res = await createAgent(admin, { identityProvider: { ...IDP, algorithms: ["HS256"] } });
    expect(res.json.error.details[0].message).toMatch(/HS256 is refused: only asymmetric algorithms/);
  });

  it("accepts a provider of the workspace and any model it serves; PATCH checks the same rules and changes nothing on a refusal", async () => {
    const { a, admin, id } = await world();
    const provider = await createTestProvider({ workspaceId: a.workspace.id, vendor: "openai_compatible", apiKey: "sk-local-000000000000", baseUrl: "http://127.0.0.1:9/v1" });
    const ok = await patchAgent(admin, id, { models: [{ role: "default", model: "llama-3.1-8b", providerId: provider.id, maxTokens: 512 }] });
    expect(ok.status, ok.text).toBe(200);
    const row = await db.agent.findUniqueOrThrow({ where: { id } });
    for (const body of [{ endpointUrl: "http://10.0.0.1/x" }, { identityProvider: { ...IDP, algorithms: ["HS512"] } }, { models: [{ role: "default", model: "x", providerId: "llm_none" }] }, {}]) {
      expect((await patchAgent(admin, id, body)).status).toBe(422);
    }
    expect(await db.agent.findUniqueOrThrow({ where: { id } })).toEqual(row);
  });
});

describe("authorization", () => {
  it("401 without credentials on every route", async () => {
    const { a, id, tokenId } = await world();
    const anon = { "x-tenant-id": a.slug, "x-project-id": "default" };
    const statuses = [
      (await listAgents(anon)).status,
      (await createAgent(anon)).status,
      (await getAgent(anon, id)).status,
      (await patchAgent(anon, id, { name: "x" })).status,
      (await deleteAgent(anon, id)).status,
      (await rotateToken(anon, id)).status,
      (await listTokens(anon, id)).status,
      (await issueToken(anon, id)).status,
      (await revokeToken(anon, id, tokenId)).status,
      (await getRuntime(anon, id)).status,
      (await tryAgent(anon, id, { method: "GET", path: "/" })).status,
    ];
    expect(statuses).toEqual(Array(11).fill(401));
  });

  it("viewers read; contributors also try; only project admins manage", async () => {
    const { a, viewer, contributor, projectAdmin, id, tokenId } = await world();
    const v = inProject(viewer, a.slug);
    const c = inProject(contributor, a.slug);
    for (const h of [v, c]) {
      expect((await listAgents(h)).status).toBe(200);
      expect((await getAgent(h, id)).status).toBe(200);
      expect((await listTokens(h, id)).status).toBe(200);
      expect((await getRuntime(h, id)).status).toBe(200);
      const refused = [await createAgent(h), await patchAgent(h, id, { name: "x" }), await rotateToken(h, id), await issueToken(h, id), await revokeToken(h, id, tokenId), await deleteAgent(h, id)];
      expect(refused.map((r) => r.status)).toEqual(Array(6).fill(403));
    }
    expect((await tryAgent(v, id, { path: "/" })).status).toBe(403);
    // Allowed through: the relay answers 502 since no gateway listens on the test's address.
    expect((await tryAgent(c, id, { path: "/" })).status).toBe(502);
    expect((await patchAgent(inProject(projectAdmin, a.slug), id, { name: "Renamed" })).status).toBe(200);
    expect(await db.agentToken.count({ where: { agentId: id, revokedAt: { not: null } } })).toBe(0);
  });

  it("token scopes narrow the role: workflow:read reads, projects:admin manages, workflow:run tries", async () => {
    const { a, id } = await world();
    const project = { "x-project-id": "default" };
    const reader = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"], slug: a.slug })), ...project };
    expect((await getRuntime(reader, id)).status).toBe(200);
    const refused = await createAgent(reader);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("insufficient_scope");
    expect((await rotateToken(reader, id)).status).toBe(403);
    expect((await tryAgent(reader, id, { path: "/" })).status).toBe(403);
    const admin = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["projects:admin"], slug: a.slug })), ...project };
    expect((await createAgent(admin)).status).toBe(201);
    expect((await getAgent(admin, id)).status).toBe(403);
    const runner = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:run"], slug: a.slug })), ...project };
    expect((await tryAgent(runner, id, { path: "/" })).status).toBe(502);
  });

  it("another tenant's and another project's agent is 404 on every {id} route, and stays unchanged", async () => {
    const { a, b, id, slug, tokenId } = await world();
    const before = await db.agent.findUniqueOrThrow({ where: { id } });
    const tokensBefore = await db.agentToken.findMany({ where: { agentId: id }, orderBy: { id: "asc" } });
    for (const h of [inProject(b.owner, b.slug), inProject(a.admin, a.slug, a.other.slug)]) {
      for (const ref of [id, slug]) {
        const results = [
          await getAgent(h, ref),
          await patchAgent(h, ref, { name: "x" }),
          await rotateToken(h, ref),
          await listTokens(h, ref),
          await issueToken(h, ref),
          await revokeToken(h, ref, tokenId),
          await getRuntime(h, ref),
          await tryAgent(h, ref, { path: "/" }),
          await deleteAgent(h, ref),
        ];
        expect(results.map((r) => r.status)).toEqual(Array(9).fill(404));
        for (const r of results) expect(r.json.error.code).toBe("not_found");
      }
    }
    expect((await getAgent(inProject(b.owner, a.slug), id)).status).toBe(404);
    expect(await db.agent.findUniqueOrThrow({ where: { id } })).toEqual(before);
    expect(await db.agentToken.findMany({ where: { agentId: id }, orderBy: { id: "asc" } })).toEqual(tokensBefore);
  });

  it("a token id of another agent is 404 on revoke", async () => {
    const { admin, id } = await world();
    const other = await createAgent(admin);
    const res = await revokeToken(admin, id, other.json.token.id);
    expect(res.status).toBe(404);
    expect((await listTokens(admin, other.json.agent.id)).json.data[0].revokedAt).toBeNull();
  });
});
