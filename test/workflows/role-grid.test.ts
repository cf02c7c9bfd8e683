// The workflow routes over the whole role grid: every subject × {read, write, publish} ×
// {own project, other project of the workspace, other tenant}, through the real handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sessionHeaders } from "@/test/support/http";
import { createWorld, SUBJECTS, type Subject, type World } from "@/test/security/world";
import { createTestWorkflow } from "@/test/factories/workflows";
import { api } from "./helpers";

type Target = "own" | "other" | "foreign";
const ADMINS: Subject[] = ["owner", "tenant_admin"];
type Op = "read" | "write" | "publish";
const ALLOWED: Record<Op, Subject[]> = {
  read: ["owner", "tenant_admin", "member_project_admin", "member_project_contributor", "member_project_viewer"],
  write: ["owner", "tenant_admin", "member_project_admin", "member_project_contributor"],
  publish: ["owner", "tenant_admin", "member_project_admin"],
};

/**
 * Project routes: invisible project → 404; visible but not allowed → 403 (checked before any
 * lookup, so it says nothing about the id); allowed but another tenant's workflow → 404.
 */
function expected(subject: Subject, op: Op, target: Target): number {
  if (target === "foreign") return ALLOWED.read.includes(subject) && !ALLOWED[op].includes(subject) ? 403 : 404;
  if (target === "other") return ADMINS.includes(subject) ? (op === "publish" ? 201 : 200) : 404;
  if (!ALLOWED.read.includes(subject)) return 404;
  if (!ALLOWED[op].includes(subject)) return 403;
  return op === "publish" ? 201 : 200;
}

describe("workflow routes × role grid", () => {
  let w: World;
  const wf: Record<Target, string> = { own: "", other: "", foreign: "" };
  beforeAll(async () => {
    w = await createWorld();
    wf.own = (await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.own.id })).workflow.id;
    wf.other = (await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.other.id })).workflow.id;
    wf.foreign = (await createTestWorkflow({ workspaceId: w.b.workspace.id, projectId: w.b.project.id })).workflow.id;
  });

  it("every subject × operation × target gets the expected status, and denied writes change nothing", async () => {
    const mismatches: string[] = [];
    const project = (t: Target) => (t === "other" ? w.a.other.slug : w.a.own.slug);
    for (const subject of SUBJECTS)
      for (const target of ["own", "other", "foreign"] as Target[]) {
        // "foreign": a's member names a's project but b's workflow id — it must look missing.
        const h = await sessionHeaders(w.a.users[subject].id, w.a.workspace.slug, project(target));
        const id = wf[target];
        const got = {
          read: (await api.get(h, id)).status,
          write: (await api.patch(h, id, { description: `by ${subject}` })).status,
          publish: (await api.publish(h, id)).status,
        };
        for (const op of Object.keys(ALLOWED) as Op[]) {
          if (got[op] !== expected(subject, op, target)) mismatches.push(`${subject} ${op} ${target}: ${got[op]} (want ${expected(subject, op, target)})`);
        }
      }
    expect(mismatches).toEqual([]);
    const foreign = await db.workflow.findUniqueOrThrow({ where: { id: wf.foreign } });
    expect(foreign).toMatchObject({ description: null, latestVersion: 1 });
    // Allowed publishes: owner, tenant_admin and project admin on own; owner and tenant_admin on other.
    expect((await db.workflow.findUniqueOrThrow({ where: { id: wf.own } })).latestVersion).toBe(1 + 3);
    expect((await db.workflow.findUniqueOrThrow({ where: { id: wf.other } })).latestVersion).toBe(1 + 2);
  });
});
