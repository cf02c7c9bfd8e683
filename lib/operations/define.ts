import type { z } from "zod";
import type { Action } from "@/lib/authz/permissions";
import type { ProjectContext, UserContext, withPublic, WorkspaceContext } from "@/lib/api/with-auth";
import type { PlatformContext } from "@/lib/api/with-platform";
import type { TenantStatement } from "@/lib/access/tenant-statement";

// One definition per /v1 operation: what the route file exports (lib/operations/route.ts),
// what the OpenAPI document says (lib/operations/openapi.ts) and its Platform MCP tool (lib/mcp). Plain zod
// only: the OpenAPI patch stays out of the route bundles.

/**
 * How a route authenticates: the wrapper it runs in, its headers, security and error responses.
 * "platform": an operator's `ar_platform_` token on /v1/platform/* (lib/api/with-platform.ts).
 */
export type OperationAuth = "public" | "user" | "workspace" | "project" | "platform";
export type OperationMethod = "get" | "post" | "put" | "patch" | "delete";
/** Method and OpenAPI-style path in one: `"GET /v1/tokens/{id}"`. */
export type Endpoint = `${Uppercase<OperationMethod>} /v1/${string}`;
type ZodObj = z.ZodObject | z.ZodPipe;

export type PublicContext = Parameters<Parameters<typeof withPublic>[0]>[0];
export type ContextOf<A extends OperationAuth> = A extends "project"
  ? ProjectContext
  : A extends "workspace"
    ? WorkspaceContext
    : A extends "user"
      ? UserContext
      : A extends "platform"
        ? PlatformContext
        : PublicContext;

export type OperationResponse = {
  description: string;
  /** Omit for a bodyless response (204). A function gets the resource's registered components (`$ref`s), and `Error`. */
  schema?: z.ZodType | ((components: Record<string, z.ZodType>) => z.ZodType);
  contentType?: string;
  headers?: z.ZodObject;
};

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;
export type OperationInput<P, Q, B> = { params: Parsed<P>; query: Parsed<Q>; body: Parsed<B> };

/** An operation as the route, the document and the tests read it: its resource's defaults applied. */
export type Operation<A extends OperationAuth = OperationAuth, P = unknown, Q = unknown, B = unknown> = {
  method: OperationMethod;
  /** OpenAPI style: `/v1/tokens/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: A;
  /** The permission-table action the wrapper checks (required for workspace and project routes). */
  action?: Action;
  params?: P;
  query?: Q;
  body?: B;
  bodyContentType?: string;
  /** The first 2xx status is the one a handler's plain result is sent with (204: no body). */
  responses: Record<number, OperationResponse>;
  /** Extra error statuses beyond the ones implied by `auth` and the request parts. */
  errors?: number[];
  /** withProject: take the project from this route param instead of X-Project-Id. */
  projectParam?: string;
  /** withUser: whether a console session is accepted (default true). */
  allowSession?: boolean;
  /**
   * "manual": the handler reads the request itself (raw-body webhooks, a check that must come
   * before the body is read); `params`/`query`/`body` then only document it.
   */
  parse?: "manual";
  /** Parts the handler reads itself, unchecked (e.g. `ctx.params.id` looked up as is): documented, not parsed. */
  documentOnly?: ReadonlyArray<"params" | "query" | "body">;
  /**
   * Gets the wrapper's context and the parsed request; returns data (sent as JSON with the first
   * 2xx status of `responses`), or a Response (`json(x, status, headers)`) to choose for itself.
   */
  handler: (ctx: ContextOf<A>, input: OperationInput<P, Q, B>) => Promise<unknown>;
  /**
   * Project reads without a body: the handler's answer as a statement of the project
   * (lib/access/tenant-statement.ts) that the route sends inside the access statement, one round
   * trip (lib/api/with-auth.ts, withProject). The route then answers with its result and does not
   * call `handler`, which must give the same answer (run the same statement on its own): it
   * serves MCP, and requests whose params or query will be refused.
   */
  underAccess?: (input: OperationInput<P, Q, B>) => TenantStatement<unknown>;
  /** The operation's Platform MCP tool, if it has one. */
  mcp?: OperationMcp<A, P, Q, B>;
};

/**
 * The MCP tool of an operation (Platform MCP, lib/mcp): its arguments are the operation's params,
 * query and body fields side by side (plus `extra`), validated by the same schemas; its result is
 * the handler's, described by the first 2xx response schema unless `output` says otherwise.
 * Only project operations have tools.
 */
export type OperationMcp<A extends OperationAuth = OperationAuth, P = unknown, Q = unknown, B = unknown> = {
  /** snake_case `resource_verb`. */
  name: string;
  /** Default: the operation's summary. */
  title?: string;
  /** Default: the operation's summary and description. */
  description?: string;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  /** Arguments the REST operation takes elsewhere (a header, a choice between two routes). */
  extra?: z.ZodObject;
  /** The result's schema when it is not the first 2xx response's. */
  output?: z.ZodType | ((components: Record<string, z.ZodType>) => z.ZodType);
  /**
   * Replaces `handler` for the tool: for operations whose handler reads the request itself
   * (headers, a Response) or whose tool does a little more (wait for a run).
   */
  call?: (ctx: ContextOf<A>, input: McpInput<P, Q, B>) => Promise<unknown>;
  /**
   * A decision a person should confirm: runs the tool's checks and returns the question. lib/mcp
   * asks it through the client (input required, form elicitation) when the client can answer,
   * and calls the tool only once it is accepted.
   */
  confirm?: (ctx: ContextOf<A>, input: McpInput<P, Q, B>) => Promise<string>;
};
/** What an MCP tool's `call` and `confirm` get: the operation's parsed parts and its extra arguments. */
export type McpInput<P, Q, B> = OperationInput<P, Q, B> & { extra: Record<string, unknown> };

export type AnyOperation = Operation<OperationAuth, ZodObj | undefined, ZodObj | undefined, z.ZodType | undefined>;

/** What every operation of a resource shares unless it says otherwise. */
export type ResourceDefaults<A extends OperationAuth> = {
  tags: string[];
  auth: A;
  /** For resources whose every workspace or project operation checks the same action. */
  action?: Action;
  /** Schemas registered as components (before the operations) for `schema: (c) => c.Name`. */
  components?: Record<string, z.ZodType>;
};

/**
 * An operation as a resource file writes it: its key in the resource is its operationId; `route`
 * gives method and path; `tags`, `auth` and `action` come from the resource unless given.
 */
export type OperationDefinition<A extends OperationAuth, P, Q, B> = Omit<Operation<A, P, Q, B>, "method" | "path" | "operationId" | "tags" | "auth"> & {
  route: Endpoint;
  tags?: string[];
  auth?: A;
};

/** Defines one operation of a resource whose operations authenticate with `DA` unless they say otherwise. */
export type DefineOperation<DA extends OperationAuth> = <
  A extends OperationAuth = DA,
  P extends ZodObj | undefined = undefined,
  Q extends ZodObj | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  definition: OperationDefinition<A, P, Q, B>,
) => Operation<A, P, Q, B>;

/** A resource's operations in document order, with the schemas it registers as components first. */
export type OperationResource = { components: Record<string, z.ZodType>; operations: ReadonlyArray<AnyOperation> };

/**
 * A resource: its defaults, then its operations by operationId, in document order
 * (`defineResource({ tags, auth }, (op) => ({ listTokens: op({ route: "GET /v1/tokens", … }) }))`).
 * Each operation is also a property of the result, for its route file: `routeOf(tokens.listTokens)`.
 */
export function defineResource<DA extends OperationAuth, Ops extends Record<string, { operationId: string }>>(
  { components = {}, ...defaults }: ResourceDefaults<DA>,
  build: (op: DefineOperation<DA>) => Ops,
): OperationResource & Ops {
  const op = <A extends OperationAuth, P, Q, B>({ route, ...definition }: OperationDefinition<A, P, Q, B>): Operation<A, P, Q, B> => {
    const [method, path] = route.split(" ");
    const auth = definition.auth ?? (defaults.auth as OperationAuth as A);
    const scoped = auth === "workspace" || auth === "project";
    const action = definition.action ?? (scoped ? defaults.action : undefined);
    // The operationId is the key `build` returns it under.
    return { ...definition, method: method.toLowerCase() as OperationMethod, path, operationId: "", tags: definition.tags ?? defaults.tags, auth, action };
  };
  const ops = build(op as DefineOperation<DA>);
  const operations = Object.entries(ops).map(([operationId, operation]) => {
    const defined = Object.assign(operation, { operationId }) as unknown as AnyOperation;
    if ((defined.auth === "workspace" || defined.auth === "project") && !defined.action) throw new Error(`${operationId}: a ${defined.auth} operation needs an action`);
    return defined;
  });
  return { ...ops, components, operations };
}

/** The handler of an operation whose route file serves it with another library's handler (Auth.js). */
export async function servedByRoute(): Promise<never> {
  throw new Error("This operation is served by its route file's own handler");
}
