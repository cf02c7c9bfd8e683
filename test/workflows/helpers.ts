import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { Prisma } from "@/lib/generated/prisma/client";
import { GET as listRoute, POST as createRoute } from "@/app/v1/workflows/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/workflows/[id]/route";
import { POST as publishRoute } from "@/app/v1/workflows/[id]/publish/route";
import { GET as versionsRoute } from "@/app/v1/workflows/[id]/versions/route";
import { GET as versionRoute } from "@/app/v1/workflows/[id]/versions/[n]/route";
import { as, call, joinAs, tenant, type Person } from "@/test/tenancy/helpers";

type H = Record<string, string>;

/** Headers of a person acting in a workspace project. */
export function inProject(p: Person, slug: string, project = "default"): H {
  return { ...as(p, slug), "x-project-id": project };
}

/** Two tenants, plus a viewer and a contributor of tenant a's default project. */
export async function world() {
  const a = await tenant();
  const b = await tenant();
  const viewer = await joinAs(a, "member", { projectId: a.project.id, role: "project_viewer" });
  const contributor = await joinAs(a, "member", { projectId: a.project.id, role: "project_contributor" });
  return {
    a,
    b,
    admin: inProject(a.admin, a.slug),
    viewer: inProject(viewer, a.slug),
    contributor: inProject(contributor, a.slug),
    /** b's owner using b's own workspace: a's ids must look missing. */
    foreign: inProject(b.owner, b.slug),
    /** b's owner naming a's workspace: not a member. */
    outsider: inProject(b.owner, a.slug),
    anonymous: { "x-tenant-id": a.slug, "x-project-id": "default" },
  };
}

export const api = {
  list: (headers: H, query: Record<string, string> = {}) => call(listRoute, "/v1/workflows", { headers, query }),
  create: (headers: H, body: unknown) => call(createRoute, "/v1/workflows", { method: "POST", headers, body }),
  get: (headers: H, id: string) => call(getRoute, `/v1/workflows/${id}`, { headers, params: { id } }),
  patch: (headers: H, id: string, body: unknown) => call(patchRoute, `/v1/workflows/${id}`, { method: "PATCH", headers, body, params: { id } }),
  delete: (headers: H, id: string) => call(deleteRoute, `/v1/workflows/${id}`, { method: "DELETE", headers, params: { id } }),
  publish: (headers: H, id: string, body: unknown = {}) => call(publishRoute, `/v1/workflows/${id}/publish`, { method: "POST", headers, body, params: { id } }),
  versions: (headers: H, id: string, query: Record<string, string> = {}) => call(versionsRoute, `/v1/workflows/${id}/versions`, { headers, params: { id }, query }),
  version: (headers: H, id: string, n: string) => call(versionRoute, `/v1/workflows/${id}/versions/${n}`, { headers, params: { id, n } }),
};

/** A run row of a workflow, inserted directly in the given status. */
export async function insertRun(wf: { id: string; workspaceId: string; projectId: string }, status: "queued" | "running" | "waiting_approval" | "succeeded" | "failed") {
  return db.run.create({
    data: {
      id: newId("run"),
      workspaceId: wf.workspaceId,
      projectId: wf.projectId,
      workflowId: wf.id,
      graph: {} as Prisma.InputJsonObject,
      status,
      trigger: "api",
      input: {} as Prisma.InputJsonObject,
      budget: 1_000_000n,
    },
  });
}
