// `npm run bench:gateway`: the LLM gateway's overhead, as ratios measured in one run, on its own
// embedded PostgreSQL (.data/pg-bench-gw, port BENCH_GW_PG_PORT or 54434, fsync off). A small
// chat completion, the same body for all, non-streamed and then streamed, against four targets:
//   1. direct     — the fake OpenAI upstream (test/support/fake-llm.ts), the baseline;
//   2. gateway    — the real gateway process (gateway/main.ts), agent token + context token:
//                   JWT verification, budget hold, group-committed metering, token limits on;
//   3. proxy      — a minimal node:http pass-through over an undici Pool (bench/gateway-proxy.ts),
//                   the ceiling;
//   4. portkey    — the open-source Portkey gateway (`npx -y @portkey-ai/gateway`, headless,
//                   NODE_ENV=production), told the upstream by x-portkey-provider/custom-host.
// Every server is a process of its own (the fake too), so the load generator here has its
// event loop to itself. c=1: BENCH_GW_REQUESTS (2000) sequential requests per target, in 4
// interleaved rounds → p50/p99 and what each adds over direct. c=32: BENCH_GW_SECONDS (10) per
// target in 2 interleaved rounds → requests/s, and the CPU each target's process (and
// PostgreSQL) spent per request. BENCH_GW_STREAM=0 skips the streamed scenario. A last scenario
// sends the same request through the tool proxy (/t/<tool>/…) instead of the LLM endpoint:
// policy, capability, call limits, budget hold, credential injection and the recorded step on
// (BENCH_GW_TOOL=0 skips it). After the run,
// the gateway's usage records are counted against its 200 answers: metering must be real.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/launcher/embedded-postgres";
import { postmasterPid } from "./gateway-cpu";
import { Driver, SCENARIOS, TOOL_SCENARIO, type Target } from "./gateway-load";
import { measure, report, type Plan } from "./gateway-measure";
import { freePort, startProc, stopAll } from "./gateway-procs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const PLAN: Plan = { requests: Number(process.env.BENCH_GW_REQUESTS ?? 2000), seconds: Number(process.env.BENCH_GW_SECONDS ?? 10), concurrency: 32, c1Rounds: 4, cNRounds: 2 };
const SCENARIOS_RUN = process.env.BENCH_GW_STREAM === "0" ? SCENARIOS.filter((s) => !s.stream) : SCENARIOS;
const UPSTREAM_KEY = "sk-bench-upstream";
const PG_DIR = ".data/pg-bench-gw";

async function migrate(url: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate deploy failed (${code})`))));
  });
}

/** A workspace with plenty of credits, an agent with limits on (never reached), one open run. */
async function seed() {
  const { db } = await import("../lib/db/client");
  const { createTestUser } = await import("../test/factories/users");
  const { createTestWorkspace } = await import("../test/factories/tenancy");
  const { grantTestCredits } = await import("../test/factories/billing");
  const { createTestAgent } = await import("../test/factories/agents");
  const { openAgentRun } = await import("../lib/agents/agent-runs");
  const { signContextToken } = await import("../lib/agents/context-token");
  const { user } = await createTestUser({ password: null });
  const { workspace, project } = await createTestWorkspace({ ownerId: user.id });
  await grantTestCredits(workspace.id, 10n ** 14n);
  const { agent, token } = await createTestAgent({
    workspaceId: workspace.id,
    projectId: project.id,
    models: [{ role: "default", model: "gpt-4o-mini" }],
    runBudget: 10n ** 13n,
    tokensPerMinute: 1_000_000_000,
    endUserTokensPerMinute: 1_000_000_000,
  });
  const run = await openAgentRun({ agent: { ...agent, projectDefaultRunBudget: null }, endUserId: "bench@example.com", request: { method: "POST", path: "/bench", via: "ingress" } });
  const context = await signContextToken({ agentId: agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: run.endUserId }, 600);
  return { db, token, context, runId: run.id, agent, workspace, project };
}

/** The tool-proxy path: the fake upstream as a tool (its chat endpoint declared, the key injected from a connection), allowed for the agent. */
async function seedTool(seeded: { agent: { id: string }; workspace: { id: string }; project: { id: string } }, upstreamOrigin: string): Promise<string> {
  const { db } = await import("../lib/db/client");
  const { newId } = await import("../lib/core/ids");
  const { encryptSecret } = await import("../lib/vault");
  const { connectionSecretRef } = await import("../lib/connections/present");
  const { createTestTool, createTestToolPolicy } = await import("../test/factories/tools");
  const connectionId = newId("connection");
  await db.connection.create({
    data: {
      id: connectionId,
      workspaceId: seeded.workspace.id,
      projectId: seeded.project.id,
      name: "bench upstream key",
      type: "api_key",
      provider: "custom",
      status: "active",
      secret: await encryptSecret(connectionSecretRef(seeded.workspace.id, connectionId), UPSTREAM_KEY),
      secretVersion: 1,
    },
  });
  const tool = await createTestTool({
    workspaceId: seeded.workspace.id,
    projectId: seeded.project.id,
    name: "llm-api",
    baseUrl: upstreamOrigin,
    capabilities: [{ method: "POST", path: "/v1/chat/completions" }],
    credentialKind: "api_key",
    connectionId,
    credentialPlacement: "bearer",
  });
  await createTestToolPolicy({ tool, agentId: seeded.agent.id, effect: "allow", callsPerMinute: 1_000_000_000 });
  return `/t/${tool.name}/v1/chat/completions`;
}

async function startPortkey(env: NodeJS.ProcessEnv, upstreamBase: string, groups: Map<string, number>): Promise<Target | string> {
  const port = await freePort();
  try {
    const { proc } = await startProc("portkey", "npx", ["-y", "@portkey-ai/gateway", `--port=${port}`, "--headless"], { ...env, NODE_ENV: "production" }, /Ready for connections/, 120_000);
    groups.set("portkey", proc.child.pid!);
  } catch (err) {
    return `could not be started: ${err instanceof Error ? err.message : String(err)}`;
  }
  return { name: "portkey", origin: `http://127.0.0.1:${port}`, path: "/v1/chat/completions", headers: { authorization: `Bearer ${UPSTREAM_KEY}`, "x-portkey-provider": "openai", "x-portkey-custom-host": upstreamBase } };
}

async function main(): Promise<void> {
  const server = await startEmbeddedPostgres({ dataDir: PG_DIR, port: Number(process.env.BENCH_GW_PG_PORT ?? 54434), database: "postgres", ephemeral: true, log: () => {} });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS bench_gw WITH (FORCE)");
  await admin.query("CREATE DATABASE bench_gw");
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = "/bench_gw";
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url.toString(), NODE_ENV: "production", AUTH_SECRET: randomBytes(32).toString("base64url"), AGENTRUNTIME_MASTER_KEYS: `v1:${randomBytes(32).toString("base64")}` };
  Object.assign(process.env, env);
  const drivers: Driver[] = [];
  let disconnect = async () => {};
  try {
    await migrate(env.DATABASE_URL!);
    const fake = await startProc("fake", process.execPath, ["--import", "tsx", "bench/gateway-fake.ts"], env, /^ready (\d+)$/);
    const fakeOrigin = `http://127.0.0.1:${fake.match[1]}`;
    // Each child leads its own process group (pgid = its pid); direct's server is the fake.
    const groups = new Map<string, number>([["direct", fake.proc.child.pid!]]);
    const seeded = await seed();
    const { db, token, context, runId } = seeded;
    const toolPath = await seedTool(seeded, fakeOrigin);
    disconnect = () => db.$disconnect();

    const gatewayPort = await freePort();
    const gatewayEnv: NodeJS.ProcessEnv = { ...env, GATEWAY_PORT: String(gatewayPort), GATEWAY_HOST: "127.0.0.1", PLATFORM_OPENAI_API_KEY: UPSTREAM_KEY, OPENAI_BASE_URL: `${fakeOrigin}/v1`, EGRESS_ALLOWED_HOSTS: "127.0.0.1",
      // Limits on, set out of reach: their bookkeeping is measured, not their refusals.
      GATEWAY_TOOL_CALLS_PER_MINUTE_PER_AGENT: "1000000000", GATEWAY_TOOL_CALLS_PER_MINUTE: "1000000000" };
    // BENCH_GW_PROF=<dir>: a V8 CPU profile of the gateway, written when it exits.
    if (process.env.BENCH_GW_PROF) gatewayEnv.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${path.resolve(process.env.BENCH_GW_PROF)}`.trim();
    const gateway = await startProc("gateway", "node_modules/.bin/tsx", ["--conditions=react-server", "gateway/main.ts"], gatewayEnv, /gateway listening on/);
    const proxy = await startProc("proxy", process.execPath, ["--import", "tsx", "bench/gateway-proxy.ts", fakeOrigin], env, /^ready (\d+)$/);
    groups.set("gateway", gateway.proc.child.pid!).set("proxy", proxy.proc.child.pid!);
    const portkey = await startPortkey(env, `${fakeOrigin}/v1`, groups);

    const upstreamAuth = { authorization: `Bearer ${UPSTREAM_KEY}` };
    const targets: Target[] = [
      { name: "direct", origin: fakeOrigin, path: "/v1/chat/completions", headers: upstreamAuth },
      { name: "gateway", origin: `http://127.0.0.1:${gatewayPort}`, path: "/llm/v1/chat/completions", headers: { authorization: `Bearer ${token}`, "x-agentruntime-context": context } },
      { name: "proxy", origin: `http://127.0.0.1:${proxy.match[1]}`, path: "/v1/chat/completions", headers: upstreamAuth },
    ];
    if (typeof portkey !== "string") targets.push(portkey);
    drivers.push(...targets.map((t) => new Driver(t)));
    const owners = { groups, postmaster: postmasterPid(PG_DIR) };
    for (const scenario of SCENARIOS_RUN) {
      const skipped = new Map(typeof portkey === "string" ? [["portkey", portkey]] : []);
      report(scenario, await measure(drivers, scenario, PLAN, owners, skipped), PLAN, skipped.get("portkey"));
    }
    // The tool proxy: the same request to the same upstream, as a tool call (policy, capability,
    // limits, budget hold, key injected from the vault, the call recorded as a step). Portkey has
    // no such path; the ceiling is the same minimal proxy.
    const toolGateway = new Driver({ name: "gateway", origin: `http://127.0.0.1:${gatewayPort}`, path: toolPath, headers: { authorization: `Bearer ${token}`, "x-agentruntime-context": context } });
    const toolDrivers = [drivers[0], toolGateway, drivers[2]];
    drivers.push(toolGateway);
    if (process.env.BENCH_GW_TOOL !== "0") report(TOOL_SCENARIO, await measure(toolDrivers, TOOL_SCENARIO, PLAN, owners, new Map()), PLAN, "has no tool proxy");

    const gwOk = drivers.filter((d) => d.target.name === "gateway").reduce((n, d) => n + d.okTotal, 0);
    // Every 200 the gateway gave, warm-ups and probes included, must have its usage record.
    const records = await db.usageRecord.count({ where: { runId } });
    const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { spent: true, reserved: true } });
    console.log(`\nmetering: ${records} usage records for ${gwOk} successful gateway requests (${records === gwOk ? "equal" : "NOT EQUAL"}); the run spent ${run.spent} usd_micros and holds ${run.reserved}`);
    if (records !== gwOk || run.reserved !== 0n) process.exitCode = 1;
  } finally {
    await Promise.all(drivers.map((d) => d.close()));
    await stopAll();
    await disconnect().catch(() => {});
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:gateway failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
