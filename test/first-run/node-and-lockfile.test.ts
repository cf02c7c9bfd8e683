// The README's two commands work on the machine's own Node: every npm script goes through
// scripts/run.sh, which provisions Node 24 when the running Node is older than 22.12. And the
// lockfile is complete for every platform, so `npm ci` (npm 11) accepts it anywhere.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const fakeBin = mkdtempSync(path.join(tmpdir(), "ar-old-node-"));
afterAll(() => rmSync(fakeBin, { recursive: true, force: true }));

// A `node` that is Node 20: says v20.19.0, fails the version check, and runs nothing else.
writeFileSync(path.join(fakeBin, "node"), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo v20.19.0; exit 0; fi\nexit 1\n`);
chmodSync(path.join(fakeBin, "node"), 0o755);

function runScript(pathPrefix: string, ...args: string[]) {
  const PATH = `${pathPrefix}:${path.dirname(execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim())}:/usr/bin:/bin`;
  return spawnSync("bash", ["scripts/run.sh", ...args], { cwd: root, env: { ...process.env, PATH }, encoding: "utf8", timeout: 120_000 });
}

describe("scripts/run.sh (every npm script)", () => {
  it("on Node 20 it runs the command under Node 24 and says so in one line", () => {
    const r = runScript(fakeBin, "node", "-e", "console.log(process.versions.node)");
    expect(r.status, r.stderr).toBe(0);
    expect(Number(r.stdout.trim().split(".")[0])).toBeGreaterThanOrEqual(24);
    const lines = r.stderr.trim().split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Node\.js v20\.19\.0 is older than 22\.12: running under Node\.js v24\./);
  });

  it("on a current Node it runs the command as it is, silently", () => {
    const current = path.dirname(process.execPath); // the tests run on Node >= 22.12
    const r = runScript(current, "node", "-e", "console.log(process.execPath)");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(process.execPath);
    expect(r.stderr).toBe("");
  });

  it("every npm script but the composite and test runners goes through it", () => {
    const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;
    for (const [name, command] of Object.entries(scripts)) {
      expect(command, name).toMatch(/^(bash scripts\/run\.sh |bash scripts\/test\.sh$|npm run )/);
    }
    expect(readFileSync(path.join(root, "scripts/test.sh"), "utf8")).toContain(". scripts/node.sh");
  });
});

describe("package-lock.json", () => {
  it("has an entry for every optional platform package, so npm ci accepts it on any OS", () => {
    const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };
    const missing: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        // Resolved like node_modules: next to the package, then in each enclosing node_modules.
        const candidates: string[] = [];
        let dir = where;
        for (;;) {
          candidates.push(`${dir ? `${dir}/` : ""}node_modules/${dep}`);
          const i = dir.lastIndexOf("node_modules/");
          if (i < 0) break;
          dir = dir.slice(0, i).replace(/\/$/, "");
        }
        if (!candidates.some((c) => c in lock.packages)) missing.push(`${dep} (of ${where || "the project"})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
