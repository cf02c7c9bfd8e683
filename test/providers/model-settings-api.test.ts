import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as list } from "@/app/v1/model-settings/route";
import { DELETE as remove, PUT as put } from "@/app/v1/model-settings/[role]/route";
import { resolveModelSetting } from "@/lib/model-settings/resolve-model-setting";
import { createTestProvider } from "@/test/factories/providers";
import { as, asToken, call } from "@/test/support/http";
import { joinAs, lastAudit, tenant, type Tenant } from "@/test/support/world";

const inProject = (h: Record<string, string>, project = "default") => ({ ...h, "x-project-id": project });
const set = (h: Record<string, string>, role: string, body: unknown) => call(put, `/v1/model-settings/${role}`, { method: "PUT", headers: h, body, params: { role } });
const unset = (h: Record<string, string>, role: string) => call(remove, `/v1/model-settings/${role}`, { method: "DELETE", headers: h, params: { role } });
const provider = (t: Tenant) => createTestProvider({ workspaceId: t.workspace.id, vendor: "anthropic", apiKey: "sk-ant-settings-test-0001", name: "Claude" });

describe("PUT /v1/model-settings/{role}", () => {
  it("sets a role to a workspace provider, or to the platform key of a vendor (catalog model); audited", async () => {
    const a = await tenant();
    const p = await provider(a);
    const res = await set(inProject(as(a.admin, a.slug)), "default", { providerId: p.id, model: "claude-sonnet-4-5-20250929", temperature: 0.3, maxTokens: 2048 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ role: "default", providerId: p.id, provider: { id: p.id, source: "workspace", name: "Claude", vendor: "anthropic" }, model: "claude-sonnet-4-5-20250929", temperature: 0.3, maxTokens: 2048, catalog: { id: "claude-sonnet-4-5" } });
    const fast = await set(inProject(as(a.admin, a.slug)), "fast", { vendor: "openai", model: "gpt-4o-mini" });
    expect(fast.json).toMatchObject({ role: "fast", providerId: null, provider: { id: "platform", source: "platform", vendor: "openai" }, temperature: null, maxTokens: null });
    // Setting again updates in place.
    expect((await set(inProject(as(a.admin, a.slug)), "fast", { vendor: "google", model: "gemini-2.5-flash" })).json.provider.vendor).toBe("google");
    expect(await db.modelSetting.count({ where: { projectId: a.project.id } })).toBe(2);
    expect(await lastAudit(a.workspace.id, "model_setting.update")).toMatchObject({ projectId: a.project.id, targetId: "fast", before: { model: "gpt-4o-mini" }, after: { model: "gemini-2.5-flash" } });
  });

  it("401, 403 (viewer; contributor; token scope), 404 (another tenant; other tenant's project), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const body = { vendor: "openai", model: "gpt-4o" };
    expect((await set({ "x-tenant-id": a.slug, "x-project-id": "default" }, "default", body)).status).toBe(401);
    const viewer = await joinAs(a, "member", { projectId: a.project.id, role: "project_viewer" });
    const contributor = await joinAs(a, "member", { projectId: a.project.id, role: "project_contributor" });
    expect((await set(inProject(as(viewer, a.slug)), "default", body)).status).toBe(403);
    expect((await set(inProject(as(contributor, a.slug)), "default", body)).status).toBe(403);
    expect((await set(inProject(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read", "workflow:write"] })), "default", body)).status).toBe(403);
    expect((await set(inProject(as(b.owner, a.slug)), "default", body)).status).toBe(404);
    expect((await set(inProject(as(a.owner, a.slug), b.project.id), "default", body)).status).toBe(404);
    expect(await db.modelSetting.count({ where: { workspaceId: { in: [a.workspace.id, b.workspace.id] } } })).toBe(0);
    const bProvider = await provider(b);
    for (const [role, bad] of [
      ["Default", body],
      ["a".repeat(33), body],
      ["default", { model: "gpt-4o" }],
      ["default", { ...body, providerId: "llmp_x" }],
      ["default", { vendor: "openai", model: "not-a-catalog-model" }],
      ["default", { providerId: bProvider.id, model: "claude-sonnet-4-5" }],
      ["default", { ...body, temperature: 3 }],
      ["default", { ...body, maxTokens: 0 }],
      ["default", { ...body, projectId: b.project.id }],
    ] as const) {
      expect((await set(inProject(as(a.owner, a.slug)), role, bad)).status, JSON.stringify([role, bad])).toBe(422);
    }
    expect(await db.modelSetting.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
  });
});

describe("GET /v1/model-settings, DELETE /v1/model-settings/{role}, resolveModelSetting", () => {
  it("lists by role for project viewers; falls back to default; delete removes a role", async () => {
    const a = await tenant();
    const p = await provider(a);
    await set(inProject(as(a.owner, a.slug)), "default", { providerId: p.id, model: "claude-haiku-4-5" });
    await set(inProject(as(a.owner, a.slug)), "reasoning", { vendor: "openai", model: "o3", maxTokens: 8000 });
    const viewer = await joinAs(a, "member", { projectId: a.project.id, role: "project_viewer" });
    const res = await call(list, "/v1/model-settings", { headers: inProject(as(viewer, a.slug)) });
    expect(res.status).toBe(200);
    expect(res.json.data.map((s: { role: string }) => s.role)).toEqual(["default", "reasoning"]);

    expect(await resolveModelSetting(a.project.id, "reasoning")).toEqual({ role: "reasoning", providerId: null, vendor: "openai", model: "o3", temperature: null, maxTokens: 8000 });
    expect(await resolveModelSetting(a.project.id, "fast")).toMatchObject({ role: "default", providerId: p.id, vendor: "anthropic", model: "claude-haiku-4-5" });
    expect(await resolveModelSetting(a.other.id, "default")).toBeNull();

    expect((await unset(inProject(as(a.admin, a.slug)), "reasoning")).status).toBe(204);
    expect(await resolveModelSetting(a.project.id, "reasoning")).toMatchObject({ role: "default" });
    expect(await lastAudit(a.workspace.id, "model_setting.delete")).toMatchObject({ targetId: "reasoning", before: { model: "o3" } });
  });

  it("401, 403, 404 (no project access; unknown role; another tenant: row kept), 422 (no X-Project-Id; bad role)", async () => {
    const a = await tenant();
    const b = await tenant();
    await set(inProject(as(a.owner, a.slug)), "default", { vendor: "openai", model: "gpt-4o" });
    expect((await call(list, "/v1/model-settings", { headers: { "x-tenant-id": a.slug, "x-project-id": "default" } })).status).toBe(401);
    expect((await call(list, "/v1/model-settings", { headers: inProject(as(a.member, a.slug)) })).status).toBe(404);
    expect((await call(list, "/v1/model-settings", { headers: inProject(as(b.owner, a.slug)) })).status).toBe(404);
    expect((await call(list, "/v1/model-settings", { headers: as(a.owner, a.slug) })).status).toBe(422);
    const viewer = await joinAs(a, "member", { projectId: a.project.id, role: "project_viewer" });
    expect((await unset(inProject(as(viewer, a.slug)), "default")).status).toBe(403);
    expect((await unset(inProject(as(b.owner, b.slug)), "default")).status).toBe(404);
    expect((await unset(inProject(as(a.owner, a.slug)), "fast")).status).toBe(404);
    expect((await unset(inProject(as(a.owner, a.slug)), "NOPE")).status).toBe(422);
    expect(await db.modelSetting.count({ where: { projectId: a.project.id } })).toBe(1);
  });
});
