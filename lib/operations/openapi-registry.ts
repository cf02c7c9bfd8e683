import { extendZodWithOpenApi, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ACTIONS } from "@/lib/authz/permissions";
import { errorResponse } from "@/lib/schemas/common";
import type { AnyOperation, OperationResource } from "./define";

// zod-to-openapi keeps its metadata through a `.openapi()` method patched onto zod's prototype.
// Only the OpenAPI modules import this file, so lib/schemas stays plain zod (and light in
// client bundles).
extendZodWithOpenApi(z);

// zod 4 copies prototype methods onto each schema when it is built, so schemas created before
// the patch above (every lib/schemas module evaluated earlier, e.g. by a route) lack
// `.openapi`. Calling the patched method through the prototype works for any schema; its
// result is a fresh schema that has the method.
type WithOpenApi = { openapi: (this: z.ZodType, ...args: unknown[]) => z.ZodType };
function withOpenApi<T extends z.ZodType>(schema: T, ...args: unknown[]): T {
  return (z.ZodType.prototype as unknown as WithOpenApi).openapi.call(schema, ...args) as T;
}

/** A definition as the document needs it: no handler, response schemas resolved to `$ref`s. */
type OperationResponse = Omit<AnyOperation["responses"][number], "schema"> & { schema?: z.ZodType };
type OperationSpec = Pick<
  AnyOperation,
  "method" | "path" | "operationId" | "summary" | "description" | "tags" | "auth" | "action" | "params" | "query" | "body" | "bodyContentType" | "errors"
> & { responses: Record<number, OperationResponse> };

/** A resource's definitions (lib/operations): its components, then its operations in order. */
export function registerResource(registry: ApiRegistry, resource: OperationResource): void {
  const components: Record<string, z.ZodType> = { Error: registry.errorSchema };
  for (const [refId, schema] of Object.entries(resource.components)) components[refId] = registry.schema(refId, schema);
  for (const op of resource.operations) registerOperation(registry, specOf(op, components));
}

function specOf(op: AnyOperation, components: Record<string, z.ZodType>): OperationSpec {
  const responses: Record<number, OperationResponse> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    responses[Number(status)] = { ...r, schema: typeof r.schema === "function" ? r.schema(components) : r.schema };
  }
  const { method, path, operationId, summary, description, tags, action, params, query, body, bodyContentType, errors } = op;
  // A project taken from the path (`/v1/projects/{id}`) needs only the workspace header.
  const auth = op.projectParam ? "workspace" : op.auth;
  return { method, path, operationId, summary, description, tags, auth, action, params, query, body, bodyContentType, errors, responses };
}

const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  401: { name: "Unauthorized", description: "Missing, malformed, expired or revoked credential" },
  403: { name: "Forbidden", description: "The role or the token's scopes do not allow this action" },
  404: { name: "NotFound", description: "No such resource in this workspace/project (another tenant's object looks missing)" },
  409: { name: "Conflict", description: "The resource is in a state that does not allow this" },
  413: { name: "PayloadTooLarge", description: "The request body is larger than 1 MiB" },
  422: { name: "InvalidRequest", description: "The request is invalid; `details` lists the fields" },
  429: { name: "RateLimited", description: "Too many requests; see Retry-After and X-RateLimit-*" },
  500: { name: "InternalError", description: "Something went wrong on our side" },
};

const rateLimitHeaders = {
  "X-RateLimit-Limit": { description: "Requests allowed in the window", schema: { type: "integer" as const } },
  "X-RateLimit-Remaining": { description: "Requests left in the window", schema: { type: "integer" as const } },
  "X-RateLimit-Reset": { description: "Unix time (seconds) at which the window resets", schema: { type: "integer" as const } },
};

const tenantHeader = z
  .string()
  .optional()
  .openapi({ param: { description: "Workspace slug. Required with a session; a token implies its own workspace." } });
const projectHeader = z
  .string()
  .optional()
  .openapi({ param: { description: "Project slug or id. Required unless the token is restricted to a project." } });

/** A registry with the shared components (error schema, error responses, security schemes). */
export function createApiRegistry() {
  const registry = new OpenAPIRegistry();
  const errorSchema = registry.register("Error", withOpenApi(errorResponse, {}));
  for (const { name, description } of Object.values(ERROR_RESPONSES)) {
    registry.registerComponent("responses", name, {
      description,
      headers: {
        "X-Request-Id": { description: "Also in the body as error.requestId", schema: { type: "string" } },
        ...(name === "RateLimited" ? { ...rateLimitHeaders, "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } : {}),
      },
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    });
  }
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "ar_pat_…",
    description: "A personal access token. Its rights are its scopes ∩ its owner's role.",
  });
  registry.registerComponent("securitySchemes", "platformToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "ar_platform_…",
    description: "A platform operator's token (issued only by `npm run platform -- tokens create`): /v1/platform/* only, from its IP allowlist, until it expires. Every other operation refuses it.",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "The console session (`__Secure-authjs.session-token` in production).",
  });
  return Object.assign(registry, {
    errorSchema,
    /** Registers a schema under components/schemas; use the returned schema to get `$ref`s. */
    schema: <T extends z.ZodType>(refId: string, schema: T): T => registry.register(refId, withOpenApi(schema, {})),
  });
}
export type ApiRegistry = ReturnType<typeof createApiRegistry>;

function errorStatuses(spec: OperationSpec): number[] {
  const out = new Set<number>([500]);
  if (spec.auth !== "public") [401, 429].forEach((s) => out.add(s));
  if (spec.auth === "workspace" || spec.auth === "project") [403, 404, 422].forEach((s) => out.add(s));
  // A platform token used from an address outside its allowlist.
  if (spec.auth === "platform") out.add(403);
  if (spec.params) out.add(404);
  if (spec.query || spec.body || spec.params) out.add(422);
  if (spec.body) out.add(413);
  for (const s of spec.errors ?? []) out.add(s);
  return [...out].sort();
}

function describeAccess(spec: OperationSpec): string | undefined {
  if (!spec.action) return spec.description;
  const scope = ACTIONS[spec.action].scope;
  const access = `Requires the \`${spec.action}\` permission${scope ? ` (token scope \`${scope}\`)` : ""}.`;
  return spec.description ? `${spec.description}\n\n${access}` : access;
}

/** Registers one route with the conventions every route shares. */
function registerOperation(registry: ApiRegistry, spec: OperationSpec): void {
  const headers =
    spec.auth === "workspace"
      ? z.object({ "X-Tenant-Id": tenantHeader })
      : spec.auth === "project"
        ? z.object({ "X-Tenant-Id": tenantHeader, "X-Project-Id": projectHeader })
        : undefined;
  const responses: RouteConfig["responses"] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.schema ? { content: { [r.contentType ?? "application/json"]: { schema: r.schema } } } : {}),
    };
  }
  for (const status of errorStatuses(spec)) {
    if (!responses[status]) responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
  }
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: describeAccess(spec),
    tags: spec.tags,
    security: spec.auth === "public" ? [] : spec.auth === "platform" ? [{ platformToken: [] }] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    ...(spec.action ? { "x-required-action": spec.action, "x-required-scope": ACTIONS[spec.action].scope } : {}),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(headers ? { headers } : {}),
      ...(spec.body ? { body: { required: true, content: { [spec.bodyContentType ?? "application/json"]: { schema: spec.body } } } } : {}),
    },
    responses,
  });
}
