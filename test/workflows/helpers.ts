import { GET as listRoute, POST as createRoute } from "@/app/v1/workflows/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/workflows/[id]/route";
import { POST as publishRoute } from "@/app/v1/workflows/[id]/publish/route";
import { GET as versionsRoute } from "@/app/v1/workflows/[id]/versions/route";
import { GET as versionRoute } from "@/app/v1/workflows/[id]/versions/[n]/route";
import { call, inProject } from "@/test/support/http";
import { teamWorld } from "@/test/support/world";

type H = Record<string, string>;

/** Two tenants, plus a viewer and a contributor of tenant a's default project; headers for each role. */
export async function world() {
  const { a, b, admin, viewer, contributor } = await teamWorld();
  return {
    a,
    b,
    admin,
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
