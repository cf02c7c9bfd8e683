import { parseJson, parseQuery, parseWith } from "@/lib/api/body";
import { withProject, withPublic, withUser, withWorkspace } from "@/lib/api/with-auth";
import type { AnyOperation, Operation, OperationAuth } from "./define";

type RouteHandler = ReturnType<typeof withPublic>;
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

/** The Next route handler of an operation: its auth wrapper, its action, its parsing, its handler. */
export function routeOf<A extends OperationAuth, P, Q, B>(definition: Operation<A, P, Q, B>): OperationRoute {
  const op = definition as unknown as AnyOperation;
  const run = async (ctx: { req: Request; params: Record<string, string> }) =>
    op.handler(ctx as never, (await parseInput(op, ctx.req, ctx.params)) as never);
  let handler: RouteHandler;
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
      handler = withProject(run, op.projectParam ? { action: op.action!, projectParam: op.projectParam } : { action: op.action! });
      break;
  }
  return Object.assign(handler, { operation: op });
}
