import type { z } from "zod";
import type { Action } from "@/lib/authz/permissions";
import type { ProjectContext, UserContext, withPublic, WorkspaceContext } from "@/lib/api/with-auth";

// One definition per /v1 operation: what the route file exports (lib/operations/route.ts),
// what the OpenAPI document says (lib/openapi/document.ts) and, later, the MCP tool. Plain zod
// only: the OpenAPI patch stays out of the route bundles.

/** How a route authenticates: the wrapper it runs in, its headers, security and error responses. */
export type OperationAuth = "public" | "user" | "workspace" | "project";
export type OperationMethod = "get" | "post" | "put" | "patch" | "delete";
type ZodObj = z.ZodObject | z.ZodPipe;

export type PublicContext = Parameters<Parameters<typeof withPublic>[0]>[0];
export type ContextOf<A extends OperationAuth> = A extends "project"
  ? ProjectContext
  : A extends "workspace"
    ? WorkspaceContext
    : A extends "user"
      ? UserContext
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
  /** Gets the wrapper's context and the parsed request; returns data (200 JSON), `json(x, status)` or a Response. */
  handler: (ctx: ContextOf<A>, input: OperationInput<P, Q, B>) => Promise<unknown>;
};

export type AnyOperation = Operation<OperationAuth, ZodObj | undefined, ZodObj | undefined, z.ZodType | undefined>;

export function defineOperation<A extends OperationAuth, P extends ZodObj | undefined = undefined, Q extends ZodObj | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  op: Operation<A, P, Q, B>,
): Operation<A, P, Q, B> {
  if ((op.auth === "workspace" || op.auth === "project") && !op.action) throw new Error(`${op.operationId}: a ${op.auth} operation needs an action`);
  return op;
}

/** A resource's operations in document order, with the schemas it registers as components first. */
export type OperationResource = { components: Record<string, z.ZodType>; operations: ReadonlyArray<AnyOperation> };

export function defineResource(components: Record<string, z.ZodType>, operations: ReadonlyArray<unknown>): OperationResource {
  return { components, operations: operations as ReadonlyArray<AnyOperation> };
}

/** The handler of an operation whose route file serves it with another library's handler (Auth.js). */
export async function servedByRoute(): Promise<never> {
  throw new Error("This operation is served by its route file's own handler");
}
