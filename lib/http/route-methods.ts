// Which methods each /v1 route answers, so the server's door (lib/api/api-door.ts) can refuse
// any other one with a JSON 405 and an Allow header before Next answers it with an empty body.
// The table is read from the route files at build time (lib/http/scan-route-methods.ts, inlined
// by next.config.ts). Pure: no I/O, no framework.

/** The methods a route file can export (Next's App Router). */
export const ROUTE_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

/** App Router path (`/v1/runs/[id]`, `/v1/[[...path]]`) → the methods its route.ts exports. */
export type RouteMethods = Record<string, string[]>;

type Segment = { kind: 0 | 1 | 2 | 3; name: string }; // static, [x], [...x], [[...x]]
export type Route = { pattern: string; segments: Segment[]; methods: string[] };

function segment(s: string): Segment {
  if (/^\[\[\.\.\.[^\]]+\]\]$/.test(s)) return { kind: 3, name: s };
  if (/^\[\.\.\.[^\]]+\]$/.test(s)) return { kind: 2, name: s };
  if (/^\[[^\]]+\]$/.test(s)) return { kind: 1, name: s };
  return { kind: 0, name: s };
}

/**
 * Next's precedence: segment by segment, static before [x] before [...x] before [[...x]], and a
 * route before the routes below it. The first pattern in this order that matches is the route
 * Next serves (so /v1/runs/live is runs/live, not runs/[id]).
 */
function byPrecedence(a: Route, b: Route): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? 1 : -1;
    if (x.kind !== y.kind) return x.kind - y.kind;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
  }
  return 0;
}

function matches(segments: Segment[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s.kind === 3) return true;
    if (s.kind === 2) return parts.length > i;
    if (i >= parts.length || (s.kind === 0 && s.name !== parts[i])) return false;
  }
  return parts.length === segments.length;
}

export function compileRoutes(table: RouteMethods): Route[] {
  return Object.entries(table)
    .map(([pattern, methods]) => ({ pattern, methods, segments: pattern.split("/").filter(Boolean).map(segment) }))
    .sort(byPrecedence);
}

/** The route Next would serve for `pathname`, or null when no route file matches. */
export function findRoute(routes: Route[], pathname: string): Route | null {
  const parts = pathname.split("/").filter(Boolean);
  return routes.find((r) => matches(r.segments, parts)) ?? null;
}

/** What a route answers: its exports, plus HEAD with GET and OPTIONS, which Next implements itself. */
export function allowedMethods(exported: readonly string[]): string[] {
  return ROUTE_METHODS.filter((m) => exported.includes(m) || (m === "HEAD" && exported.includes("GET")) || m === "OPTIONS");
}

let compiled: Route[] | null = null;

/** The build's table (next.config.ts `env`); empty, so nothing is refused, if it is missing. */
function builtRoutes(): Route[] {
  if (!compiled) {
    let table: RouteMethods = {};
    try {
      table = JSON.parse(process.env.AR_API_ROUTE_METHODS ?? "{}") as RouteMethods;
    } catch {
      table = {};
    }
    compiled = compileRoutes(table);
  }
  return compiled;
}

/**
 * The Allow list when `method` is not one `pathname`'s route answers; null when it is, or when
 * no route is known for the path (Next then answers as usual: the /v1 fallback's JSON 404).
 */
export function refusedMethod(method: string, pathname: string, routes: Route[] = builtRoutes()): string[] | null {
  const route = findRoute(routes, pathname);
  if (!route) return null;
  const allowed = allowedMethods(route.methods);
  return allowed.includes(method) ? null : allowed;
}
