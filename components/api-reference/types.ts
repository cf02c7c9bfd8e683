// The slice of OpenAPI 3.x the reference page reads. Everything is optional: the page
// renders whatever the document holds and skips what it does not.
export type SchemaObject = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  enum?: unknown[];
  const?: unknown;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  nullable?: boolean;
  default?: unknown;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  additionalProperties?: boolean | SchemaObject;
};

type ParameterObject = {
  $ref?: string;
  name: string;
  in: "query" | "header" | "path" | "cookie";
  description?: string;
  required?: boolean;
  schema?: SchemaObject;
};

type MediaType = { schema?: SchemaObject; example?: unknown };
export type RequestBody = { $ref?: string; description?: string; required?: boolean; content?: Record<string, MediaType> };
export type ResponseObject = { $ref?: string; description?: string; content?: Record<string, MediaType>; headers?: Record<string, { description?: string; schema?: SchemaObject }> };

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: RequestBody;
  responses?: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
  deprecated?: boolean;
};

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];
type PathItem = Partial<Record<HttpMethod, Operation>> & { parameters?: ParameterObject[] };

export type OpenApiDocument = {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths?: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, SchemaObject>;
    parameters?: Record<string, ParameterObject>;
    responses?: Record<string, ResponseObject>;
    requestBodies?: Record<string, RequestBody>;
    securitySchemes?: Record<string, { type?: string; scheme?: string; name?: string; in?: string; description?: string }>;
  };
};

/** Resolves a local `#/components/...` reference; unknown or remote refs resolve to undefined. */
function resolveRef<T>(doc: OpenApiDocument, ref: string | undefined): T | undefined {
  if (!ref?.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/")) {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node && typeof node === "object" && key in node) node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node as T;
}

export function deref<T extends { $ref?: string }>(doc: OpenApiDocument, obj: T | undefined): T | undefined {
  let cur = obj;
  for (let i = 0; cur?.$ref && i < 10; i++) cur = resolveRef<T>(doc, cur.$ref);
  return cur;
}

export function refName(ref: string): string {
  return ref.split("/").pop() ?? ref;
}

export type OperationEntry = { method: HttpMethod; path: string; op: Operation; params: ParameterObject[]; anchor: string };

/** Operations grouped by their first tag (document tag order first, then alphabetical). */
export function groupOperations(doc: OpenApiDocument): { tag: string; description?: string; ops: OperationEntry[] }[] {
  const groups = new Map<string, OperationEntry[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p) => deref(doc, p))
        .filter((p): p is ParameterObject => !!p);
      const tag = op.tags?.[0] ?? "Other";
      const anchor = (op.operationId ?? `${method}-${path}`).replace(/[^A-Za-z0-9_-]+/g, "-");
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op, params, anchor }]);
    }
  }
  const order = (doc.tags ?? []).map((t) => t.name);
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([tag, ops]) => ({ tag, description: doc.tags?.find((t) => t.name === tag)?.description, ops }));
}
