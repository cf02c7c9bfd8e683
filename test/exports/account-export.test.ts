// Account data export: a user's own profile, memberships, tokens (metadata) and the audit
// entries they are the actor of — with no password hash, session token or token hash.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { POST as startRoute } from "@/app/v1/me/export/route";
import { GET as getRoute } from "@/app/v1/me/exports/[id]/route";
import { GET as downloadRoute } from "@/app/v1/exports/[id]/download/route";
import { processDataExport } from "@/lib/exports/process-export";
import { call, routeRequest } from "@/test/support/http";
import { tenant } from "@/test/support/world";
import { bearer, createTestToken } from "@/test/factories/tokens";
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

describe("account export", () => {
  it("holds the caller's profile, memberships, token metadata and own audit entries; no credential of theirs", async () => {
    const a = await tenant();
    const b = await tenant();
    const pat = await createTestToken({ userId: a.member.id, workspaceId: a.workspace.id, name: "laptop" });
    await recordAudit({ workspaceId: a.workspace.id, actor: { type: "user", userId: a.member.id }, action: "workflow.create" });
    await recordAudit({ workspaceId: a.workspace.id, actor: { type: "token", tokenId: pat.row.id, userId: a.member.id }, action: "run.start" });
    await recordAudit({ workspaceId: a.workspace.id, actor: { type: "user", userId: a.owner.id }, action: "member.update" });

    const started = await call(startRoute, "/v1/me/export", { method: "POST", headers: { cookie: a.member.cookie } });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ kind: "account", status: "queued" });
    const id = started.json.id as string;
    expect((await call(startRoute, "/", { method: "POST", headers: { cookie: a.member.cookie } })).status).toBe(409);

    await processDataExport(id);
    const got = await call(getRoute, "/", { headers: { cookie: a.member.cookie }, params: { id } });
    expect(got.json).toMatchObject({ status: "succeeded", progress: 100 });
    // Someone else's account export is not found.
    expect((await call(getRoute, "/", { headers: { cookie: a.owner.cookie }, params: { id } })).status).toBe(404);
    expect((await call(getRoute, "/", { headers: { cookie: b.owner.cookie }, params: { id } })).status).toBe(404);

    const u = new URL(got.json.downloadUrl);
    const res = await downloadRoute(routeRequest(u.pathname + u.search), { params: Promise.resolve({ id }) });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    const files = await untar(body);
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    expect(manifest).toMatchObject({ kind: "account", subject: { userId: a.member.id, email: a.member.email } });
    for (const entry of Object.values(manifest.resources) as { file: string; rows: number; sha256: string }[]) {
      expect(sha256(files.get(entry.file)!)).toBe(entry.sha256);
      expect(ndjson(files.get(entry.file)!).length).toBe(entry.rows);
    }
    const rows = (name: string) => ndjson(files.get(`${name}.ndjson`)!);
    expect(rows("profile")).toEqual([expect.objectContaining({ id: a.member.id, email: a.member.email })]);
    expect(rows("profile")[0]).not.toHaveProperty("passwordHash");
    expect(rows("workspace_memberships")).toEqual([expect.objectContaining({ workspaceId: a.workspace.id, role: "member", workspace: expect.objectContaining({ slug: a.slug }) })]);
    expect(rows("api_tokens")).toEqual([expect.objectContaining({ id: pat.row.id, name: "laptop" })]);
    expect(rows("sessions").length).toBeGreaterThan(0);
    expect(rows("audit_entries").map((e) => e.action).sort()).toEqual(["account.export", "run.start", "workflow.create"]);

    const user = await db.user.findUniqueOrThrow({ where: { id: a.member.id } });
    const sessions = await db.session.findMany({ where: { userId: a.member.id } });
    const tokenRow = await db.apiToken.findUniqueOrThrow({ where: { id: pat.row.id } });
    const raw = tarBytes(body).toString("latin1");
    const forbidden = [user.passwordHash!, ...sessions.map((s) => s.sessionToken), tokenRow.tokenHash, pat.token];
    expect(forbidden.filter((f) => raw.includes(f))).toEqual([]);
  });

  it("401 without a session, 403 with an API token, 422 for an unknown option", async () => {
    const a = await tenant({ staff: false, otherProject: false, token: true });
    expect((await call(startRoute, "/", { method: "POST" })).status).toBe(401);
    expect((await call(startRoute, "/", { method: "POST", headers: bearer(a.token.token) })).status).toBe(403);
    expect((await call(startRoute, "/", { method: "POST", headers: { cookie: a.owner.cookie }, body: { include: "all" } })).status).toBe(422);
  });
});
