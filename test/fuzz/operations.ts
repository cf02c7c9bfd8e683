// Walks the generated OpenAPI document at test time: every operation with its path, query and
// header parameters, request body schema and response schemas, paired with the exported
// handler of its app/v1/**/route.ts file. A new route is fuzzed without touching this folder.
import path from "node:path";
import { openApiPath, ROOT, routeFiles } from "@/test/support/route-files";
import { openApiDocument } from "@/lib/operations/openapi";
import { refResolver, type JsonSchema, type Resolver } from "./arbitraries";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const root = ROOT;

type RawParam = { in: string; name: string; required?: boolean; schema?: JsonSchema; $ref?: string };
type RawResponse = { $ref?: string; content?: Record<string, { schema?: JsonSchema }>; headers?: Record<string, unknown> };
type RawOperation = {
  operationId: string;
  tags?: string[];
  security?: unknown[];
  parameters?: RawParam[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, RawResponse>;
};

export type Param = { name: string; required: boolean; schema: JsonSchema };
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export type Operation = {
  id: string;
  method: (typeof METHODS)[number];
  path: string;
  tags: string[];
  /** No security requirement: the route takes no credential. */
  isPublic: boolean;
  /** Declares X-Tenant-Id / X-Project-Id. */
  tenantHeader: boolean;
  projectHeader: boolean;
  pathParams: Param[];
  query: Param[];
  body?: { schema: JsonSchema; contentType: string };
  /** status → response (refs to components/responses resolved). */
  responses: Record<string, { contentType?: string; schema?: JsonSchema }>;
  file: string;
  /** Path params that are catch-all segments ([...x]); Next passes them as arrays. */
  catchAll: Set<string>;
};

const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, RawOperation>>; components: Record<string, Record<string, unknown>> };
export const resolve: Resolver = refResolver(doc);



const FILES = new Map(routeFiles(path.join(root, "app/v1")).map((f) => [openApiPath(f), f]));

function catchAllParams(file: string): Set<string> {
  const segs = path.relative(root, path.dirname(file)).split(path.sep);
  return new Set(segs.flatMap((s) => [...s.matchAll(/^\[\[?\.\.\.([^\]]+)\]?\]$/g)].map((m) => m[1])));
}

function operation(p: string, method: (typeof METHODS)[number], raw: RawOperation): Operation {
  const file = FILES.get(p);
  if (!file) throw new Error(`${method.toUpperCase()} ${p}: no route file`);
  const params = (raw.parameters ?? []).map((x) => (x.$ref ? (resolve(x.$ref) as unknown as RawParam) : x));
  const toParam = (x: RawParam): Param => ({ name: x.name, required: x.required === true, schema: x.schema ?? {} });
  const bodyEntry = Object.entries(raw.requestBody?.content ?? {})[0];
  const responses: Operation["responses"] = {};
  for (const [status, r] of Object.entries(raw.responses)) {
    const res = (r.$ref ? resolve(r.$ref) : r) as RawResponse;
    const [contentType, media] = Object.entries(res.content ?? {})[0] ?? [];
    responses[status] = { contentType, schema: media?.schema };
  }
  const headerNames = params.filter((x) => x.in === "header").map((x) => x.name.toLowerCase());
  return {
    id: raw.operationId,
    method,
    path: p,
    tags: raw.tags ?? [],
    isPublic: !raw.security || raw.security.length === 0,
    tenantHeader: headerNames.includes("x-tenant-id"),
    projectHeader: headerNames.includes("x-project-id"),
    pathParams: params.filter((x) => x.in === "path").map(toParam),
    query: params.filter((x) => x.in === "query").map(toParam),
    body: bodyEntry ? { contentType: bodyEntry[0], schema: bodyEntry[1].schema ?? {} } : undefined,
    responses,
    file,
    catchAll: catchAllParams(file),
  };
}

/** Every operation of the document, in document order. */
export const OPERATIONS: Operation[] = Object.entries(doc.paths).flatMap(([p, item]) =>
  METHODS.filter((m) => item[m]).map((m) => operation(p, m, item[m])),
);

export async function loadHandler(op: Operation): Promise<Handler> {
  const mod = (await import(op.file)) as Record<string, unknown>;
  const h = mod[op.method.toUpperCase()];
  if (typeof h !== "function") throw new Error(`${op.method.toUpperCase()} ${op.path}: ${op.file} exports no handler`);
  return h as Handler;
}
