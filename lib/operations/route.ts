import { parseJson, parseQuery, parseWith } from "@/lib/api/body";
import { json, withProject, withPublic, withUser, withWorkspace } from "@/lib/api/with-auth";
import { presentsPlatformToken, refusePlatformToken, withPlatform } from "@/lib/api/with-platform";
import { observeRoute } from "@/lib/api/observe-route";
import type { AnyOperation, Operation, OperationAuth } from "./define";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type RouteHandler = (req: Request, route?: RouteContext) => Promise<Response>;
/** The route export, with the definition it was generated from (checked by test/operations). */
export type OperationRoute = RouteHandler & { operation: AnyOperation };

// Params, then query, then body: the order the route files checked them in.
async function parseInput(op: AnyOperation, req: Request, params: Record<string, string>) {
  if (op.parse === "manual") return { params: undefined, query: undefined, body: undefined };
  const parsed = (part: "params" | "query" | "body") => op[part] && !op.documentOnly?.includes(part);
  return {
    params: parsed("params") ? parseWith(op.params!, params) : undefined,
    query: parsed("query") ? parseQuery(req, op.query!) : undefined,
    body: parsed("body") ? await parseJson(req, op.body!) : undefined,
  };
}

/**
 * The operation's statement to send with the access statement, when its params and query parse
 * (otherwise the handler refuses them, after the access checks, as for any operation).
 */
function underAccessOf(op: AnyOperation) {
  const build = op.underAccess;
  if (!build) return undefined;
  if (op.auth !== "project" || op.parse === "manual" || (op.body && !op.documentOnly?.includes("body")) || successStatus(op) !== 200) {
    throw new Error(`${op.operationId}: underAccess is for project reads (200) whose params and query the route parses`);
  }
  return (req: Request, params: Record<string, string>) => {
    let input;
    try {
      input = { params: op.params ? parseWith(op.params, params) : undefined, query: op.query ? parseQuery(req, op.query) : undefined, body: undefined };
    } catch {
      return null;
    }
    return build(input as never);
  };
}

/** The status a handler's plain result is sent with: the operation's first 2xx response, else 200. */
function successStatus(op: AnyOperation): number {
  return Object.keys(op.responses).map(Number).find((status) => status >= 200 && status < 300) ?? 200;
}

/**
 * The Next route handler of an operation: its auth wrapper, its action, its parsing, its handler.
 * `serve` replaces all of that for a route another library answers (Auth.js): the definition
 * then only documents it.
 */
export function routeOf<A extends OperationAuth, P, Q, B>(definition: Operation<A, P, Q, B>, serve?: (req: never, route: never) => Promise<Response>): OperationRoute {
  const op = definition as unknown as AnyOperation;
  const observed = (handler: RouteHandler) => observeRoute(op.path, op.method.toUpperCase(), handler);
  if (serve) return Object.assign(observed(platformTokensRefused(op, (req: Request, route?: RouteContext) => serve(req as never, route as never))), { operation: op });
  const status = successStatus(op);
  const run = async (ctx: { req: Request; params: Record<string, string> }) => {
    const result = await op.handler(ctx as never, (await parseInput(op, ctx.req, ctx.params)) as never);
    return status === 200 || result instanceof Response ? result : json(result, status);
  };
  let handler: ReturnType<typeof withPublic>;
  switch (op.auth) {
    case "public":
      handler = withPublic(run);
      break;
    case "user":
      handler = withUser(run, op.allowSession === undefined ? {} : { allowSession: op.allowSession });
      break;
    case "workspace":
      handler = withWorkspace(run, { action: op.action! });
      break;
    case "project":
      handler = withProject(run, { action: op.action!, ...(op.projectParam ? { projectParam: op.projectParam } : {}), underAccess: underAccessOf(op) });
      break;
    case "platform":
      handler = withPlatform(run);
      break;
  }
  // The wrappers read no params when Next passes none (a test calling GET(req)).
  return Object.assign(observed(platformTokensRefused(op, handler as RouteHandler)), { operation: op });
}

/**
 * A platform token is refused (403) by every operation but the operator API's, public ones
 * included, before anything else is read: it opens nothing of the tenants'.
 */
function platformTokensRefused(op: AnyOperation, handler: RouteHandler): RouteHandler {
  if (op.auth === "platform") return handler;
  return (req, route) => (presentsPlatformToken(req) ? Promise.resolve(refusePlatformToken(req)) : handler(req, route));
}
