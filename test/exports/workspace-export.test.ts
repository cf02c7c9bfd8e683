// Workspace data export: the archive of a workspace with a row of every kind holds every
// resource with the right counts and checksums, and none of its secrets.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as startRoute } from "@/app/v1/workspaces/current/export/route";
import { GET as listRoute } from "@/app/v1/workspaces/current/exports/route";
import { GET as getRoute } from "@/app/v1/workspaces/current/exports/[id]/route";
import { GET as downloadRoute } from "@/app/v1/exports/[id]/download/route";
import { processDataExport, sweepExpiredExports } from "@/lib/exports/process-export";
import { hasArchive } from "@/lib/exports/archive-store";
import { as, call, expectErrorShape, routeRequest } from "@/test/support/http";
import { tenant } from "@/test/support/world";
import { bearer, createTestToken } from "@/test/factories/tokens";
import { exportWorld, forbiddenArtifacts } from "@/test/factories/export-world";
import { ndjson, sha256, tarBytes, untar } from "./archive";

let dir: string;
let savedDir: string | undefined;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "exports-"));
  savedDir = process.env.EXPORT_DIR;
  process.env.EXPORT_DIR = dir;
});
afterAll(() => {
  process.env.EXPORT_DIR = savedDir;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function download(url: string) {
  const u = new URL(url);
  const id = u.pathname.split("/")[3];
  const res = await downloadRoute(routeRequest(u.pathname + u.search), { params: Promise.resolve({ id }) });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** Rows per resource, counted straight from the database. */
async function expectedCounts(ws: string): Promise<Record<string, number>> {
  const w = { where: { workspaceId: ws } };
  return {
    workspace: 1,
    projects: await db.project.count(w),
    members: await db.workspaceMember.count(w),
    project_members: await db.projectMember.count(w),
    invitations: await db.invitation.count(w),
    domains: await db.domain.count(w),
    api_tokens: await db.apiToken.count(w),
    connections: await db.connection.count(w),
    llm_providers: await db.llmProvider.count(w),
    model_settings: await db.modelSetting.count(w),
    mcp_instances: await db.mcpInstance.count(w),
    mcp_tools: await db.mcpTool.count(w),
    agents: await db.agent.count(w),
    agent_tokens: await db.agentToken.count(w),
    tools: await db.tool.count(w),
    tool_policies: await db.toolPolicy.count(w),
    workflows: await db.workflow.count(w),
    workflow_versions: await db.workflowVersion.count(w),
    runs: await db.run.count(w),
    run_steps: await db.runStep.count(w),
    run_events: await db.runEvent.count(w),
    approvals: await db.approval.count(w),
    usage_records: await db.usageRecord.count(w),
    inbound_subscriptions: await db.inboundSubscription.count(w),
    inbound_deliveries: await db.inboundDelivery.count(w),
    webhook_endpoints: await db.webhookEndpoint.count(w),
    webhook_deliveries: await db.webhookDelivery.count(w),
    webhook_attempts: await db.webhookAttempt.count({ where: { delivery: { workspaceId: ws } } }),
    ledger_entries: await db.ledgerEntry.count(w),
    balance: await db.workspaceBalance.count(w),
    checkout_sessions: await db.checkoutSession.count(w),
    audit_log: await db.auditLog.count(w),
  };
}

describe("workspace export", () => {
  it("exports every resource with its count and checksum, and 0 canary secrets, ciphertexts or hashes", async () => {
    const { t, secrets } = await exportWorld();
    const started = await call(startRoute, "/v1/workspaces/current/export", { method: "POST", headers: as(t.owner, t.slug) });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ kind: "workspace", status: "queued", progress: 0, downloadUrl: null });
    const id = started.json.id as string;

    // One at a time: a second request while the first is queued is a 409.
    const again = await call(startRoute, "/v1/workspaces/current/export", { method: "POST", headers: as(t.admin, t.slug) });
    expect(again.status).toBe(409);

    await processDataExport(id);
    // The archive is in PostgreSQL, nothing is left in the worker's scratch directory: any web
    // instance serves it without a volume shared with the workers.
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await db.dataExportChunk.count({ where: { exportId: id } })).toBeGreaterThanOrEqual(1);
    // Counted now: the download below adds an audit entry of its own.
    const expected = await expectedCounts(t.workspace.id);
    const got = await call(getRoute, `/v1/workspaces/current/exports/${id}`, { headers: as(t.admin, t.slug), params: { id } });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id, status: "succeeded", progress: 100 });
    expect(got.json.downloadUrl).toMatch(new RegExp(`/v1/exports/${id}/download\\?token=\\d+\\.[A-Za-z0-9_-]{43}$`));
    expect(new Date(got.json.expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);

    const { res, body } = await download(got.json.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename="agentruntime-${t.slug}-\\d{8}T\\d{6}Z\\.tar\\.gz"`));
    expect(sha256(body)).toBe(got.json.sha256);
    expect(body.length).toBe(got.json.sizeBytes);

    const files = await untar(body);
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    expect(manifest).toMatchObject({ format: "agentruntime.export.v1", exportId: id, kind: "workspace", subject: { workspaceId: t.workspace.id, slug: t.slug } });
    expect(Object.keys(manifest.resources).sort()).toEqual(Object.keys(expected).sort());
    expect([...files.keys()].sort()).toEqual(["manifest.json", ...Object.keys(expected).map((r) => `${r}.ndjson`)].sort());
    for (const [name, count] of Object.entries(expected)) {
      const entry = manifest.resources[name];
      const file = files.get(entry.file)!;
      expect(count, `${name} present`).toBeGreaterThan(0);
      expect(entry.rows, name).toBe(count);
      expect(ndjson(file).length, name).toBe(count);
      expect(entry.sha256, name).toBe(sha256(file));
      expect(entry.bytes, name).toBe(file.length);
    }
    expect(got.json.resources).toEqual(manifest.resources);

    // Metadata stays: tokens keep their prefix, connections their hint and config.
    const tokens = ndjson(files.get("api_tokens.ndjson")!);
    expect(tokens.every((r) => typeof r.prefix === "string" && !("tokenHash" in r))).toBe(true);
    const conns = ndjson(files.get("connections.ndjson")!);
    expect(conns.map((r) => r.name).sort()).toEqual(["github", "google"]);
    expect(conns.every((r) => !("secret" in r))).toBe(true);
    expect(ndjson(files.get("llm_providers.ndjson")!)[0]).not.toHaveProperty("apiKey");
    expect(ndjson(files.get("webhook_endpoints.ndjson")!)[0]).not.toHaveProperty("secret");
    expect(ndjson(files.get("inbound_subscriptions.ndjson")!)[0]).not.toHaveProperty("signingSecret");

    // 0 canaries, hashes or ciphertexts anywhere in the archive's bytes.
    const raw = tarBytes(body).toString("latin1");
    const forbidden = await forbiddenArtifacts(t.workspace.id, secrets);
    expect(forbidden.length).toBeGreaterThan(20);
    expect(forbidden.filter((f) => raw.includes(f))).toEqual([]);
    // The canaries really are in the database (sealed), so their absence means something.
    expect(await db.connection.count({ where: { workspaceId: t.workspace.id, secret: { not: null } } })).toBe(2);

    const audit = await db.auditLog.findMany({ where: { workspaceId: t.workspace.id, action: { in: ["workspace.export", "data_export.download"] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(["data_export.download", "workspace.export"]);
  });

  it("routes: 401 without credentials, 403 for a member, 404 for another workspace's export, 422 for an unknown option", async () => {
    const a = await tenant();
    const b = await tenant();
    const started = await call(startRoute, "/v1/workspaces/current/export", { method: "POST", headers: as(a.admin, a.slug) });
    expect(started.status).toBe(202);
    const id = started.json.id as string;

    const anon = await call(startRoute, "/v1/workspaces/current/export", { method: "POST", headers: { "x-tenant-id": a.slug } });
    expect(anon.status).toBe(401);
    expect((await call(getRoute, "/", { headers: { "x-tenant-id": a.slug }, params: { id } })).status).toBe(401);

    const member = await call(startRoute, "/v1/workspaces/current/export", { method: "POST", headers: as(a.member, a.slug) });
    expect(member.status).toBe(403);
    expect((await call(getRoute, "/", { headers: as(a.member, a.slug), params: { id } })).status).toBe(403);
    const narrow = await createTestToken({ userId: a.owner.id, workspaceId: a.workspace.id, scopes: ["workspace:read"] });
    expect((await call(startRoute, "/", { method: "POST", headers: { ...bearer(narrow.token), "x-tenant-id": a.slug } })).status).toBe(403);

    const other = await call(getRoute, "/", { headers: as(b.owner, b.slug), params: { id } });
    expect(other.status).toBe(404);
    const missing = await call(getRoute, "/", { headers: as(b.owner, b.slug), params: { id: "exp_doesnotexist" } });
    expect(missing.status).toBe(404);
    expect(other.json.error.message).toBe(missing.json.error.message);
    expect((await call(listRoute, "/", { headers: as(b.owner, b.slug) })).json.data).toEqual([]);

    const bad = await call(startRoute, "/", { method: "POST", headers: as(b.owner, b.slug), body: { resources: ["runs"] } });
    expect(bad.status).toBe(422);
    expectErrorShape(bad.json, new Response(null, { headers: bad.headers }), "invalid_request");

    const list = await call(listRoute, "/", { headers: as(a.owner, a.slug) });
    expect(list.json.data.map((e: { id: string }) => e.id)).toEqual([id]);
  });

  it("download links: a tampered or foreign token is a 404; an expired export's archive is swept and its link refused", async () => {
    const t = await tenant({ staff: false, otherProject: false });
    const a = await call(startRoute, "/", { method: "POST", headers: as(t.owner, t.slug) });
    await processDataExport(a.json.id);
    const url = (await call(getRoute, "/", { headers: as(t.owner, t.slug), params: { id: a.json.id } })).json.downloadUrl as string;
    expect((await download(url)).res.status).toBe(200);

    const tampered = url.replace(/token=(\d+)\./, (_m, ms: string) => `token=${Number(ms) + 1000}.`);
    expect((await download(tampered)).res.status).toBe(404);
    const u = new URL(url);
    const noToken = await downloadRoute(routeRequest(u.pathname), { params: Promise.resolve({ id: a.json.id }) });
    expect(noToken.status).toBe(404);

    await db.dataExport.update({ where: { id: a.json.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sweepExpiredExports()).toBeGreaterThanOrEqual(1);
    expect(await hasArchive(a.json.id)).toBe(false);
    expect(await db.dataExportChunk.count({ where: { exportId: a.json.id } })).toBe(0);
    expect((await download(url)).res.status).toBe(404);
    const after = await call(getRoute, "/", { headers: as(t.owner, t.slug), params: { id: a.json.id } });
    expect(after.json).toMatchObject({ status: "expired", downloadUrl: null });
  });

  it("an export left unfinished for hours (its job lost) no longer blocks a new one", async () => {
    const t = await tenant({ staff: false, otherProject: false });
    const first = await call(startRoute, "/", { method: "POST", headers: as(t.owner, t.slug) });
    expect((await call(startRoute, "/", { method: "POST", headers: as(t.owner, t.slug) })).status).toBe(409);
    await db.dataExport.update({ where: { id: first.json.id }, data: { createdAt: new Date(Date.now() - 3 * 3600_000) } });
    expect((await call(startRoute, "/", { method: "POST", headers: as(t.owner, t.slug) })).status).toBe(202);
  });

  it("a build that fails is marked failed with a generic message, and a new export can start", async () => {
    const t = await tenant({ staff: false, otherProject: false });
    const a = await call(startRoute, "/", { method: "POST", headers: as(t.owner, t.slug) });
    const saved = process.env.EXPORT_DIR;
    process.env.EXPORT_DIR = "/dev/null/not-a-directory";
    try {
      await processDataExport(a.json.id);
    } finally {
      process.env.EXPORT_DIR = saved;
    }
    const got = await call(getRoute, "/", { headers: as(t.owner, t.slug), params: { id: a.json.id } });
    expect(got.json).toMatchObject({ status: "failed", error: "The export could not be built. Start a new one.", downloadUrl: null });
    expect((await call(startRoute, "/", { method: "POST", headers: as(t.owner, t.slug) })).status).toBe(202);
  });
});
