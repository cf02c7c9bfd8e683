import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, routeFiles } from "@/test/support/route-files";
import { allowedMethods, compileRoutes, findRoute, refusedMethod, ROUTE_METHODS } from "./route-methods";
import { exportedMethods, scanRouteMethods } from "./scan-route-methods";

const table = scanRouteMethods(path.join(ROOT, "app"));
const routes = compileRoutes(table);

describe("the build's route table (scan-route-methods.ts)", () => {
  it("has every app/v1 route file, the /v1 fallback included", () => {
    expect(Object.keys(table).length).toBe(routeFiles(path.join(ROOT, "app/v1")).length + 1);
    expect(table["/v1/[[...path]]"]).toEqual([...ROUTE_METHODS]);
  });

  it("reads exactly the methods each route module really exports", async () => {
    const wrong: string[] = [];
    for (const [pattern, methods] of Object.entries(table)) {
      const mod = (await import(path.join(ROOT, "app", pattern, "route.ts"))) as Record<string, unknown>;
      const real = ROUTE_METHODS.filter((m) => typeof mod[m] === "function");
      if (JSON.stringify(real) !== JSON.stringify(methods)) wrong.push(`${pattern}: read ${methods.join(",")}, exports ${real.join(",")}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it("understands every way a route file exports a handler", () => {
    const source = [
      "export const GET = withUser(async () => 1);",
      "export async function POST(req: Request) {}",
      "export function PUT() {}",
      "export const { PATCH, DELETE: remove } = handlers;",
      "export { h as HEAD, OPTIONS };",
      "export const dynamic = 'force-dynamic';",
      "const GETX = 1; // export const TRACE = 1",
    ].join("\n");
    expect(exportedMethods(source)).toEqual(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]);
  });
});

describe("findRoute: Next's precedence", () => {
  it.each([
    ["/v1/runs/live", "/v1/runs/live"],
    ["/v1/runs/run_123", "/v1/runs/[id]"],
    ["/v1/runs/run_123/steps", "/v1/runs/[id]/steps"],
    ["/v1/connections/google/authorize", "/v1/connections/google/authorize"],
    ["/v1/connections/google", "/v1/connections/[id]"],
    ["/v1/auth/oauth/google/one-tap", "/v1/auth/oauth/google/one-tap"],
    ["/v1/auth/oauth/google/callback/google", "/v1/auth/oauth/google/[...nextauth]"],
    ["/v1/runs/run_123/nope", "/v1/[[...path]]"],
    ["/v1/nope", "/v1/[[...path]]"],
    ["/v1", "/v1/[[...path]]"],
    ["/v1/openapi.json", "/v1/openapi.json"],
  ])("%s → %s", (pathname, pattern) => {
    expect(findRoute(routes, pathname)?.pattern).toBe(pattern);
  });

  it("static before [x] before [...x] before [[...x]], whatever the order of the table", () => {
    const shuffled = compileRoutes({ "/a/[[...o]]": ["GET"], "/a/[...c]": ["POST"], "/a/[x]": ["PUT"], "/a/b": ["DELETE"] });
    expect(findRoute(shuffled, "/a/b")?.pattern).toBe("/a/b");
    expect(findRoute(shuffled, "/a/z")?.pattern).toBe("/a/[x]");
    expect(findRoute(shuffled, "/a/z/y")?.pattern).toBe("/a/[...c]");
    expect(findRoute(shuffled, "/a")?.pattern).toBe("/a/[[...o]]");
    expect(findRoute(shuffled, "/b")).toBeNull();
  });
});

describe("refusedMethod", () => {
  it("HEAD comes with GET and OPTIONS always (Next implements both); nothing else is implied", () => {
    expect(allowedMethods(["GET"])).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods(["POST", "DELETE"])).toEqual(["OPTIONS", "POST", "DELETE"]);
  });

  it("answers the Allow list for a method the route does not export, null otherwise", () => {
    expect(refusedMethod("POST", "/v1/openapi.json", routes)).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(refusedMethod("TRACE", "/v1/openapi.json", routes)).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(refusedMethod("GET", "/v1/openapi.json", routes)).toBeNull();
    expect(refusedMethod("HEAD", "/v1/openapi.json", routes)).toBeNull();
    expect(refusedMethod("DELETE", "/v1/nope", routes)).toBeNull(); // the fallback's 404
    expect(refusedMethod("PROPFIND", "/v1/nope", routes)).toEqual([...ROUTE_METHODS]);
  });

  it("refuses nothing without a table (a build that did not inline one)", () => {
    expect(refusedMethod("DELETE", "/v1/openapi.json", compileRoutes({}))).toBeNull();
  });
});
