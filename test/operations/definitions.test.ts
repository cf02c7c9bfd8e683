// One definition per operation (lib/operations): every route export is generated from one, every
// definition is served by its route file, and the OpenAPI document and the permission table say
// the same as the definitions.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS } from "@/lib/authz/permissions";
import type { AnyOperation } from "@/lib/operations/define";
import { openApiDocument } from "@/lib/operations/openapi";
import { OPERATION_RESOURCES } from "@/lib/operations/all";
import { openApiPath, ROOT, routeFiles } from "@/test/support/route-files";

const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

const definitions: AnyOperation[] = OPERATION_RESOURCES.flatMap((r) => [...r.operations]);
const doc = openApiDocument() as unknown as {
  paths: Record<string, Record<string, { operationId: string; security?: unknown[]; "x-required-action"?: string; "x-required-scope"?: string | null }>>;
};

type Exported = { file: string; path: string; method: string; operation?: AnyOperation };
async function routeExports(): Promise<Exported[]> {
  const out: Exported[] = [];
  for (const file of routeFiles(path.join(ROOT, "app/v1"))) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method] as ({ operation?: AnyOperation } & ((...a: unknown[]) => unknown)) | undefined;
      if (typeof handler === "function") out.push({ file: path.relative(ROOT, file), path: openApiPath(file), method, operation: handler.operation });
    }
  }
  return out;
}

describe("operation definitions", () => {
  it("every exported method of every app/v1 route file comes from its definition", async () => {
    const problems: string[] = [];
    const exported = await routeExports();
    for (const e of exported) {
      if (!e.operation) {
        problems.push(`${e.method} ${e.path} (${e.file}): not generated from a definition`);
        continue;
      }
      if (!definitions.includes(e.operation)) problems.push(`${e.method} ${e.path}: its definition is not in the document's list`);
      if (e.operation.method !== e.method.toLowerCase() || e.operation.path !== e.path) problems.push(`${e.method} ${e.path}: exports ${e.operation.method.toUpperCase()} ${e.operation.path}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it("every definition is exported by its route file, once", async () => {
    const exported = await routeExports();
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const op of definitions) {
      if (ids.has(op.operationId)) problems.push(`${op.operationId}: defined twice`);
      ids.add(op.operationId);
      const served = exported.filter((e) => e.operation === op);
      if (served.length !== 1) problems.push(`${op.method.toUpperCase()} ${op.path} (${op.operationId}): exported by ${served.length} route files`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it("the OpenAPI document's operations are the definitions", () => {
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ path: p, method: m, op })));
    const problems: string[] = [];
    for (const d of documented) {
      const def = definitions.find((o) => o.path === d.path && o.method === d.method);
      if (!def) problems.push(`${d.method.toUpperCase()} ${d.path}: documented without a definition`);
      if (def && def.operationId !== d.op.operationId) problems.push(`${d.method.toUpperCase()} ${d.path}: operationId ${d.op.operationId}, defined ${def.operationId}`);
    }
    for (const op of definitions) {
      if (!doc.paths[op.path]?.[op.method]) problems.push(`${op.method.toUpperCase()} ${op.path}: defined but not documented`);
    }
    expect(problems).toEqual([]);
  });

  it("each definition's action is in the permission table, and the document's auth and scope agree", () => {
    const problems: string[] = [];
    for (const op of definitions) {
      const documented = doc.paths[op.path]?.[op.method];
      const where = `${op.method.toUpperCase()} ${op.path}`;
      if (!documented) continue;
      if ((op.auth === "workspace" || op.auth === "project") && !op.action) problems.push(`${where}: ${op.auth} operation without an action`);
      if (op.action && !(op.action in ACTIONS)) problems.push(`${where}: ${op.action} is not in the permission table`);
      const action = op.action && op.action in ACTIONS ? op.action : undefined;
      if (documented["x-required-action"] !== action) problems.push(`${where}: documents action ${documented["x-required-action"]}, checks ${action}`);
      if (action && documented["x-required-scope"] !== ACTIONS[action].scope) problems.push(`${where}: documents scope ${documented["x-required-scope"]}, table says ${ACTIONS[action].scope}`);
      const isPublic = Array.isArray(documented.security) && documented.security.length === 0;
      if (isPublic !== (op.auth === "public")) problems.push(`${where}: documented ${isPublic ? "public" : "authenticated"}, defined ${op.auth}`);
    }
    expect(definitions.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
