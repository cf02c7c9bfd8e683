import { readdirSync } from "node:fs";
import path from "node:path";

// Maps the App Router's route files to OpenAPI paths, so tests can check the document and the
// handlers against each other.
export const ROOT = path.resolve(__dirname, "../..");

/** app/v1/[[...path]]: the JSON 404 for unknown /v1 paths, not an operation of the API. */
const API_FALLBACK = path.join(ROOT, "app/v1/[[...path]]/route.ts");

/** The operations' route files (every route.ts below `dir` but the fallback). */
export function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" && p !== API_FALLBACK ? [p] : [];
  });
}

/** app/v1/tokens/[id]/rotate/route.ts → /v1/tokens/{id}/rotate; [...x] and [[...x]] → {x}. */
export function openApiPath(file: string): string {
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  return "/" + rel.map((seg) => seg.replace(/^\[\[?(?:\.\.\.)?([^\]]+)\]?\]$/, "{$1}")).join("/");
}
