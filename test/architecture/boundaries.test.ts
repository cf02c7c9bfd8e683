import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import direction of ../shared/STYLE.md ("Where things go"), held by the ESLint rule of
// eslint/boundaries.mjs: each case is one import the rule must refuse, or allow, in a file of
// that folder. `npm run lint` applies the same rule to the whole tree in CI.

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
}

const refused: Array<[string, string, string]> = [
  ["lib/core/probe.ts", "@/lib/db/client", "the kernel imports nothing else in lib"],
  ["lib/core/probe.ts", "@/lib/runs/get-run", "the kernel imports no domain"],
  ["lib/db/probe.ts", "@/lib/queue/boss", "lib/db imports lib/core only"],
  ["lib/queue/probe.ts", "@/lib/runs/get-run", "infrastructure imports no domain"],
  ["lib/authz/probe.ts", "@/lib/db/client", "the permission table imports lib/core only"],
  ["lib/schemas/probe.ts", "@/lib/connections/get-connection", "schemas are definitions"],
  ["lib/billing/probe.ts", "@/lib/api/with-auth", "a domain never imports the HTTP adapter"],
  ["lib/runs/probe.ts", "@/lib/operations/runs", "a domain never imports the operation definitions"],
  ["lib/runs/probe.ts", "@/worker/start-worker", "lib never imports the worker process"],
  ["lib/runs/probe.ts", "@/components/console/page-header", "lib never imports components"],
  ["app/(console)/probe/page.tsx", "@/lib/db/client", "pages reach data through lib functions"],
  ["app/v1/probe/route.ts", "@/lib/generated/prisma/client", "routes never touch the Prisma client"],
  ["components/console/probe.tsx", "@/lib/runs/get-run", "components never import server internals"],
  ["components/console/probe.tsx", "@/lib/db/client", "components never import lib/db"],
  ["gateway/probe.ts", "@/lib/api/with-auth", "the gateway never imports the web's HTTP adapter"],
  ["gateway/probe.ts", "@/lib/auth/session", "the gateway never imports next-auth's session code"],
  ["gateway/probe.ts", "@/app/v1/agents/route", "the gateway never imports routes"],
];

const allowed: Array<[string, string]> = [
  ["lib/runs/probe.ts", "@/lib/core/scope"],
  ["lib/runs/probe.ts", "@/lib/db/client"],
  ["lib/runs/probe.ts", "@/lib/workflows/get-workflow"],
  ["lib/api/probe.ts", "@/lib/access/tenancy"],
  ["lib/operations/probe.ts", "@/lib/runs/get-run"],
  ["app/(console)/probe/page.tsx", "@/lib/runs/get-run"],
  ["components/console/probe.tsx", "@/lib/schemas/runs"],
  ["components/console/probe.tsx", "@/lib/core/scope"],
  ["gateway/probe.ts", "@/lib/agents/context-token"],
  ["gateway/probe.ts", "@/lib/agents/agent-usage"],
];

// The first case loads ESLint and its plugins (seconds on a busy machine); the rest reuse them.
describe("import boundaries (eslint/boundaries.mjs)", { timeout: 60_000 }, () => {
  it.each(refused)("%s may not import %s: %s", async (file, target) => {
    const errors = await boundaryErrors(file, `import * as m from "${target}";\nexport const probe = m;\n`);
    expect(errors).toHaveLength(1);
  });

  it.each(allowed)("%s may import %s", async (file, target) => {
    const errors = await boundaryErrors(file, `import * as m from "${target}";\nexport const probe = m;\n`);
    expect(errors).toEqual([]);
  });
});

describe("folder cycles (.dependency-cruiser.cjs, npm run lint:cycles)", () => {
  it("no two folders of lib import each other, directly or around a circle", async () => {
    const { stdout } = await promisify(execFile)("node_modules/.bin/depcruise", ["lib", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    const result = JSON.parse(stdout) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }>; totalCruised: number } };
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 150_000);
});

describe("the gateway's import graph (gateway/main.ts)", { timeout: 60_000 }, () => {
  it("loads no Next.js, next-auth or React, directly or through lib", async () => {
    const { stdout } = await promisify(execFile)(
      "node_modules/.bin/depcruise",
      ["gateway/main.ts", "--no-config", "--ts-config", "tsconfig.json", "--ts-pre-compilation-deps", "--do-not-follow", "node_modules", "--exclude", "^lib/generated/", "--output-type", "json"],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const modules: string[] = JSON.parse(stdout).modules.map((m: { source: string }) => m.source);
    expect(modules).toContain("gateway/server.ts");
    expect(modules).toContain("lib/agents/agent-usage.ts");
    expect(modules.filter((m) => /(^|\/)node_modules\/(next|next-auth|@auth\/[^/]+|react|react-dom)\//.test(m) || /^(app|components)\//.test(m) || /^lib\/(api|operations|mcp|auth)\//.test(m))).toEqual([]);
  });

  it("the lint rule refuses next and next-auth in gateway files", async () => {
    for (const pkg of ["next/server", "next-auth", "@auth/core"]) {
      const [result] = await eslint.lintText(`import * as m from "${pkg}";\nexport const probe = m;\n`, { filePath: "gateway/probe.ts" });
      expect([pkg, result.messages.filter((m) => m.ruleId === "no-restricted-imports").length]).toEqual([pkg, 1]);
    }
  });
});
