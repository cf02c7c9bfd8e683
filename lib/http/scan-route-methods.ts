// Build-time half of the route table (lib/http/route-methods.ts): which HTTP methods each
// app/v1/**/route.ts exports, read from the source files. next.config.ts runs this on every
// build and inlines the result, so the table cannot fall behind the route files;
// lib/http/route-methods.test.ts checks the reading against the modules' real exports.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROUTE_METHODS, type RouteMethods } from "./route-methods";

/** `export const GET =`, `export async function GET(`, `export const { GET, POST } =`, `export { h as GET }`. */
export function exportedMethods(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:const|let|var|(?:async\s+)?function)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of source.matchAll(/^export\s+(?:const\s+)?\{([^}]*)\}/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.trim().split(/\s+as\s+|\s*:\s*/).pop();
      if (name) names.add(name);
    }
  }
  return ROUTE_METHODS.filter((method) => names.has(method));
}

/** app/v1/(group)/runs/[id]/route.ts → /v1/runs/[id]; `_private` folders are not routes. */
function walk(appDir: string, dir: string, out: RouteMethods): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith("_")) walk(appDir, file, out);
    else if (entry.isFile() && /^route\.(ts|js)$/.test(entry.name)) {
      const segments = path.relative(appDir, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
      out[`/${segments.join("/")}`] = exportedMethods(readFileSync(file, "utf8"));
    }
  }
}

/** Every route under `app/<prefix>` with its exported methods; empty when there are no sources. */
export function scanRouteMethods(appDir: string, prefix = "v1"): RouteMethods {
  const out: RouteMethods = {};
  const root = path.join(appDir, prefix);
  if (existsSync(root)) walk(appDir, root, out);
  return out;
}
