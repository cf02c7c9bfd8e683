import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// What a Vercel function (or a standalone build) ships is each route's file trace in the build
// the suite runs against (.next/server/**/*.nft.json): nothing more reaches the function. Two
// promises about it, checked on the production build `npm start` made:
//   - the expression preview forks lib/workflows/expression-process.ts, which Node loads from
//     source and the tracer cannot see: next.config.ts adds it, the module it imports and their
//     packages to that route;
//   - no route traces the whole project (a path computed at run time makes Turbopack ship
//     every source file, tests included, with the routes that import it).

const root = path.resolve(import.meta.dirname, "..");
const serverDir = path.join(root, ".next", "server");

function tracedFiles(nftFile: string): string[] {
  const { files } = JSON.parse(readFileSync(nftFile, "utf8")) as { files: string[] };
  return files.map((f) => path.relative(root, path.resolve(path.dirname(nftFile), f)));
}

function routeTraces(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith("route.js.nft.json") || f.endsWith("page.js.nft.json"))
    .map((f) => path.join(dir, f));
}

test("the expression preview route ships the child process it forks", () => {
  const files = tracedFiles(path.join(serverDir, "app/v1/workflows/[id]/preview-expression/route.js.nft.json"));
  for (const needed of ["lib/workflows/expression-process.ts", "lib/workflows/safe-regex.ts", "node_modules/jsonata/package.json", "node_modules/re2js/package.json"]) {
    expect(files, needed).toContain(needed);
  }
  // The entry files the child's imports resolve to.
  expect(files).toContain("node_modules/jsonata/jsonata.js");
  expect(files.some((f) => f.startsWith("node_modules/re2js/build/"))).toBe(true);
});

test("no route's trace takes in the whole project", () => {
  const traces = routeTraces(path.join(serverDir, "app"));
  expect(traces.length).toBeGreaterThan(50);
  const whole = traces.filter((t) => tracedFiles(t).some((f) => f.startsWith("e2e/") || f.startsWith("test/")));
  expect(whole.map((t) => path.relative(serverDir, t))).toEqual([]);
});
