// `agentruntime agents run|env` (bin/agentruntime.mjs) as a user runs it: the real CLI in its own
// process, against the real route handlers behind a node:http server, with a real PAT. What the
// child process sees is written to a file by the child (printing it would put the agent token
// on the CLI's stdout, which the tests check stays clean).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as runtimeRoute } from "@/app/v1/agents/[id]/runtime/route";
import { POST as issueTokenRoute } from "@/app/v1/agents/[id]/tokens/route";
import { DELETE as revokeTokenRoute } from "@/app/v1/agents/[id]/tokens/[tokenId]/route";
import { db } from "@/lib/db/client";
import { hashToken, isWellFormedToken } from "@/lib/tokens/format";
import { createTestAgent } from "@/test/factories/agents";
import { call, type Handler, tokenHeaders } from "@/test/support/http";
import { tenant } from "@/test/support/world";

const CLI = path.resolve(__dirname, "../../bin/agentruntime.mjs");
// The CLI promises Node >= 20 while the suite runs on 22+: CLI_TEST_NODE=/path/to/node-20 checks that.
const CLI_NODE = process.env.CLI_TEST_NODE ?? process.execPath;
const HOUR = 3_600_000;
const work = mkdtempSync(path.join(tmpdir(), "agentruntime-cli-"));

// The routes the CLI calls, as Next would dispatch them.
const ROUTES: { method: string; pattern: RegExp; handler: Handler; params: string[] }[] = [
  { method: "GET", pattern: /^\/v1\/agents\/([^/]+)\/runtime$/, handler: runtimeRoute, params: ["id"] },
  { method: "POST", pattern: /^\/v1\/agents\/([^/]+)\/tokens$/, handler: issueTokenRoute, params: ["id"] },
  { method: "DELETE", pattern: /^\/v1\/agents\/([^/]+)\/tokens\/([^/]+)$/, handler: revokeTokenRoute, params: ["id", "tokenId"] },
];

let server: Server;
let origin: string;
const requests: string[] = [];

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(`${origin}${req.url}`, { method: req.method, headers, body });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://x");
    requests.push(`${req.method} ${pathname}`);
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(pathname));
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found","message":"No such route","requestId":"test"}}');
      return;
    }
    const values = route.pattern.exec(pathname)!.slice(1).map(decodeURIComponent);
    const params = Object.fromEntries(route.params.map((name, i) => [name, values[i]]));
    const answer = await route.handler(await toRequest(req), { params: Promise.resolve(params) });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/** A tenant with an owner's PAT and an agent with a shell-hostile prompt and a required tool. */
async function world() {
  const t = await tenant({ token: true, staff: false, otherProject: false });
  const { agent } = await createTestAgent({
    workspaceId: t.workspace.id,
    projectId: t.project.id,
    systemPrompt: "Be brief. It's $HOME `id` \"quoted\" \\n ✓\nSecond line.",
    requiredTools: ["github-issues"],
  });
  const pat = t.token.token;
  const bundle = await call(runtimeRoute, `/v1/agents/${agent.id}/runtime`, { headers: tokenHeaders(pat, t.slug, t.project.slug), params: { id: agent.id } });
  expect(bundle.status).toBe(200);
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", AGENTRUNTIME_URL: origin, AGENTRUNTIME_TOKEN: pat, AGENTRUNTIME_WORKSPACE: t.slug, AGENTRUNTIME_PROJECT: t.project.slug };
  return { t, agent, pat, bundle: bundle.json.env as Record<string, string>, env };
}

/** A child that writes its environment to `file`, says "ready" and exits with CHILD_EXIT when its stdin closes. */
const CHILD = `require("fs").writeFileSync(process.argv[1], JSON.stringify(process.env)); console.log("child ready");
process.stdin.resume(); process.stdin.on("end", () => process.exit(Number(process.env.CHILD_EXIT ?? 0)));`;

/** A minimal environment: the test's DATABASE_URL and secrets stay out (NODE_ENV is only typed as required). */
const bare = (env: Record<string, string>) => env as NodeJS.ProcessEnv;

type Cli = { proc: ChildProcessWithoutNullStreams; out: () => string; done: Promise<{ code: number | null; stdout: string; stderr: string }> };

function cli(args: string[], env: Record<string, string>): Cli {
  const proc = spawn(CLI_NODE, [CLI, ...args], { env: bare(env), stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d) => (stdout += d));
  proc.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => proc.on("close", (code) => resolve({ code, stdout, stderr })));
  return { proc, out: () => stdout, done };
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const childFile = (name: string) => path.join(work, `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
const cliTokens = (agentId: string) => db.agentToken.findMany({ where: { agentId, name: `cli@${hostname()}` } });

describe("agentruntime agents run", { timeout: 30_000 }, () => {
  it("gives the child the bundle and a live agent token (not the PAT), revokes it after the exit, and exits with the child's code", async () => {
    const w = await world();
    const file = childFile("env");
    const run = cli(["agents", "run", w.agent.slug, "--project", w.t.project.slug, "--", process.execPath, "-e", CHILD, file], { ...w.env, AGENTRUNTIME_PROJECT: "not-this-one", CHILD_EXIT: "7" });
    await until(() => run.out().includes("child ready"), "the child");

    const seen = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    expect(Object.keys(w.bundle)).toEqual(expect.arrayContaining(["AGENTRUNTIME_AGENT_ID", "SYSTEM_PROMPT", "LLM_GATEWAY_URL", "LLM_MODEL_DEFAULT", "TOOL_GITHUB_ISSUES_URL"]));
    for (const [key, value] of Object.entries(w.bundle)) expect(seen[key], key).toBe(value);
    expect(seen.AGENTRUNTIME_TOKEN).toBeUndefined();
    const token = seen.AGENTRUNTIME_AGENT_TOKEN;
    expect(isWellFormedToken(token, "agent")).toBe(true);
    const live = await db.agentToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(live).toMatchObject({ agentId: w.agent.id, name: `cli@${hostname()}`, revokedAt: null, createdById: w.t.owner.id });
    expect(Math.abs(live.expiresAt!.getTime() - (Date.now() + 12 * HOUR))).toBeLessThan(60_000);

    run.proc.stdin.end();
    const { code, stdout, stderr } = await run.done;
    expect(code).toBe(7);
    expect((await db.agentToken.findUniqueOrThrow({ where: { id: live.id } })).revokedAt).not.toBeNull();
    for (const secret of [token, w.pat]) expect(stdout + stderr).not.toContain(secret);
  });

  it("forwards SIGTERM to the child and exits 128+15; --token-ttl and the agent's id work", async () => {
    const w = await world();
    const file = childFile("term");
    const run = cli(["agents", "run", w.agent.id, "--token-ttl", "30m", "--", process.execPath, "-e", CHILD, file], w.env);
    await until(() => run.out().includes("child ready"), "the child");
    const [issued] = await cliTokens(w.agent.id);
    expect(Math.abs(issued.expiresAt!.getTime() - (Date.now() + 0.5 * HOUR))).toBeLessThan(60_000);
    run.proc.kill("SIGTERM");
    // The CLI only exits after its child has, so 143 means the child died of the forwarded signal.
    expect((await run.done).code).toBe(143);
    expect((await db.agentToken.findUniqueOrThrow({ where: { id: issued.id } })).revokedAt).not.toBeNull();
  });

  it("a command that cannot start: exit 127 with a clear message, and the token is revoked", async () => {
    const w = await world();
    const { code, stderr } = await cli(["agents", "run", w.agent.slug, "--", path.join(work, "no-such-command")], w.env).done;
    expect(code).toBe(127);
    expect(stderr).toMatch(/cannot start ".*no-such-command": command not found/);
    const tokens = await cliTokens(w.agent.id);
    expect(tokens).toHaveLength(1);
    expect(tokens[0].revokedAt).not.toBeNull();
  });

  it("a wrong PAT: exit 1 with the API's code and request id, no token issued and nothing spawned", async () => {
    const w = await world();
    const marker = childFile("marker");
    const { code, stderr, stdout } = await cli(
      ["agents", "run", w.agent.slug, "--", process.execPath, "-e", `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran")`],
      { ...w.env, AGENTRUNTIME_TOKEN: `${w.pat.slice(0, -3)}xyz` },
    ).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^agentruntime: GET \/v1\/agents\/[^ ]+\/runtime failed: unauthorized: .+ \(request \S+\)\n$/);
    expect(stdout).toBe("");
    expect(existsSync(marker)).toBe(false);
    expect(await cliTokens(w.agent.id)).toHaveLength(0);
  });

  it("another tenant's agent is not found (exit 1), and nothing is issued for it", async () => {
    const w = await world();
    const other = await world();
    const { code, stderr } = await cli(["agents", "run", other.agent.slug, "--", "true"], w.env).done;
    expect(code).toBe(1);
    expect(stderr).toContain("failed: not_found:");
    expect(await cliTokens(other.agent.id)).toHaveLength(0);
  });

  it("usage errors exit 2 before any request: no AGENTRUNTIME_TOKEN, no command, an unknown option", async () => {
    const w = await world();
    const before = requests.length;
    const { AGENTRUNTIME_TOKEN: _pat, ...noPat } = w.env;
    const missing = await cli(["agents", "run", w.agent.slug, "--", "true"], noPat).done;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("AGENTRUNTIME_TOKEN is not set");
    expect((await cli(["agents", "run", w.agent.slug, "true"], w.env).done).code).toBe(2);
    expect((await cli(["agents", "run", w.agent.slug, "--bogus", "--", "true"], w.env).done).code).toBe(2);
    expect((await cli(["agents", "run", w.agent.slug, "--token-ttl", "soon", "--", "true"], w.env).done).code).toBe(2);
    expect(requests.length).toBe(before);
    const help = await cli(["--help"], noPat).done;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("agentruntime agents run <agent> [options] -- <command> [args...]");
  });
});

describe("agentruntime agents env", { timeout: 30_000 }, () => {
  it("prints the bundle as shell-quoted KEY=value lines that a shell reads back exactly, with no token", async () => {
    const w = await world();
    const { code, stdout, stderr } = await cli(["agents", "env", w.agent.slug, "--url", origin], w.env).done;
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).not.toMatch(/ar_agt_|ar_pat_/);
    expect(await cliTokens(w.agent.id)).toHaveLength(0);

    const envFile = childFile("dotenv");
    writeFileSync(envFile, stdout);
    const keys = Object.keys(w.bundle);
    const script = `set -a; . "$1"; shift; for k in "$@"; do printf '%s\\0' "$(printenv "$k")"; done`;
    const read = spawn("sh", ["-c", script, "sh", envFile, ...keys], { env: bare({ PATH: process.env.PATH ?? "" }) });
    let out = "";
    read.stdout.on("data", (d) => (out += d));
    await new Promise((r) => read.on("close", r));
    // $(…) drops trailing newlines; no bundle value ends with one.
    expect(Object.fromEntries(out.split("\0").slice(0, -1).map((v, i) => [keys[i], v]))).toEqual(w.bundle);
  });
});
