// Keeps the OpenAPI document honest: structurally valid, every $ref resolves, and every
// exported handler of every app/v1/**/route.ts is documented (a new route without an
// operation registration fails here).
import path from "node:path";
import { openApiPath, ROOT, routeFiles } from "@/test/support/route-files";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const root = ROOT;



type Json = unknown;
function collectRefs(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}
function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc);
}

const doc = openApiDocument() as unknown as {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { description?: string; $ref?: string }>; parameters?: { in: string; name: string; required?: boolean }[]; security?: unknown[] }>>;
  components: Record<string, Record<string, unknown>>;
};

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document that survives JSON serialisation unchanged", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc.components.securitySchemes).toHaveProperty("bearerAuth");
    expect(doc.components.schemas).toHaveProperty("Error");
  });

  it("every path has operations, every operation has a unique id and described responses", () => {
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      const ops = Object.entries(item).filter(([m]) => METHODS.includes(m.toUpperCase() as (typeof METHODS)[number]));
      if (!p.startsWith("/v1/")) problems.push(`${p}: not under /v1`);
      if (!ops.length) problems.push(`${p}: no operations`);
      for (const [method, op] of ops) {
        const where = `${method.toUpperCase()} ${p}`;
        if (!op.operationId) problems.push(`${where}: no operationId`);
        else if (ids.has(op.operationId)) problems.push(`${where}: duplicate operationId ${op.operationId}`);
        else ids.add(op.operationId);
        const responses = Object.entries(op.responses ?? {});
        if (!responses.some(([s]) => /^2\d\d$|^3\d\d$/.test(s))) problems.push(`${where}: no success response`);
        for (const [status, r] of responses) if (!r.description && !r.$ref) problems.push(`${where} ${status}: no description`);
        // Path template parameters and declared path parameters agree.
        const inTemplate = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
        const declared = (op.parameters ?? []).filter((x) => x.in === "path");
        if (JSON.stringify(declared.map((x) => x.name).sort()) !== JSON.stringify(inTemplate)) problems.push(`${where}: path parameters ${JSON.stringify(declared.map((x) => x.name))} vs template ${JSON.stringify(inTemplate)}`);
        if (declared.some((x) => x.required !== true)) problems.push(`${where}: optional path parameter`);
        if (op.security && op.security.length > 0 && !op.responses?.["401"]) problems.push(`${where}: authenticated but no 401`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every $ref resolves", () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => resolvePointer(doc, r) === undefined)).toEqual([]);
  });

  it("documents every exported handler of every app/v1/**/route.ts", async () => {
    const files = routeFiles(path.join(root, "app/v1"));
    expect(files.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const p = openApiPath(file);
      for (const method of METHODS) {
        if (typeof mod[method] !== "function") continue;
        if (!doc.paths[p]?.[method.toLowerCase()]) missing.push(`${method} ${p} (${path.relative(root, file)})`);
      }
    }
    expect(missing).toEqual([]);
  }, 60_000);

  it("documents no operation that has no handler", async () => {
    const files = new Map(routeFiles(path.join(root, "app/v1")).map((f) => [openApiPath(f), f]));
    const phantom: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      const file = files.get(p);
      const mod = file ? ((await import(file)) as Record<string, unknown>) : {};
      for (const method of Object.keys(item)) {
        if (METHODS.includes(method.toUpperCase() as (typeof METHODS)[number]) && typeof mod[method.toUpperCase()] !== "function") phantom.push(`${method.toUpperCase()} ${p}`);
      }
    }
    expect(phantom).toEqual([]);
  }, 60_000);
});
