// `npm start` / `npm run dev` (--dev): the one way to run AgentRuntime.
//   1. secrets: from the environment, else generated once into .data/secrets.json (dev only)
//   2. database: DATABASE_URL if set, else an embedded PostgreSQL in .data/pg (port 54329,
//      override with EMBEDDED_PG_DIR / EMBEDDED_PG_PORT): local mode, see lib/core/local-mode.ts, that lives exactly as long as this launcher
//   3. `prisma migrate deploy`, `prisma generate` and `next build` when their output is stale
//   4. the long-running processes below, output prefixed with their name
// Shutdown order matters: children first (they hold DB connections), PostgreSQL last.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildIsStale, newest } from "./launcher/build-freshness";
import { ensureSecrets } from "./launcher/dev-secrets";
import { embeddedPgDir, isAlive, startEmbeddedPostgres, type RunningPostgres } from "./launcher/embedded-postgres";
import { Supervisor } from "./launcher/supervisor";
import { tsProcessArgs } from "./launcher/ts-process";
import { LOCAL_MODE_ENV, mailConfigProblem } from "../lib/core/local-mode";
import { launchedProcesses, processRole, webOnlyRoleProblem } from "../lib/core/process-role";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
// AGENTRUNTIME_ROLE=web: the web app alone, on DATABASE_URL (lib/core/process-role.ts).
const webOnlyProblem = webOnlyRoleProblem();
const role = webOnlyProblem ? "all" : processRole();
const webOnly = role === "web";
// Local mode (lib/core/local-mode.ts): no DATABASE_URL, so an embedded PostgreSQL; every child is told.
const local = !process.env.DATABASE_URL;
process.env[LOCAL_MODE_ENV] = local ? "1" : "0";
// Links in mail, the seed's curl and inbound URLs point at this server unless APP_URL says otherwise.
process.env.APP_URL ||= `http://localhost:${port}`;
// `next dev` runs as development; the worker beside it must agree (mail, logging).
if (dev) (process.env as Record<string, string | undefined>).NODE_ENV ??= "development";
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
// These machines are offline; Next's telemetry would only add a banner and failed requests.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
}

// Long-running processes. A worker or gateway is one more line here. One that exits on its own
// is restarted with backoff while the rest (and the database) keep running; one that crash-loops
// stops everything, and the launcher exits non-zero saying which (scripts/launcher/supervisor.ts).
const allProcesses: ProcessSpec[] = [
  // The preload appends the socket's address to X-Forwarded-For (scripts/web-preload.mjs).
  { name: "web", command: process.execPath, args: ["--import", pathToFileURL(path.join(root, "scripts/web-preload.mjs")).href, bin("next"), dev ? "dev" : "start", "-p", port] },
  // Runs (pg-boss) and other background jobs; `npm run worker` starts more of these.
  { name: "worker", command: process.execPath, args: tsProcessArgs("worker/main.ts") },
  // Agent traffic (ingress, the LLM endpoint) on GATEWAY_PORT (3001); `npm run gateway` starts more.
  { name: "gateway", command: process.execPath, args: tsProcessArgs("gateway/main.ts") },
];
const processes = allProcesses.filter((p) => (launchedProcesses(role) as string[]).includes(p.name));

// Child PIDs, so that after this launcher is SIGKILLed the next one can stop the orphans
// (they would otherwise keep the port). Keyed by port: instances on other ports are independent.
const STATE_FILE = `.data/launcher-${port}.json`;

const log = (msg: string) => console.log(`[start] ${msg}`);
const live = new Set<ChildProcess>();
let db: Promise<RunningPostgres | undefined> = Promise.resolve(undefined);
let stopping = false;
let supervisor: Supervisor<ProcessSpec> | undefined;

async function main(): Promise<void> {
  if (webOnlyProblem) throw new Error(webOnlyProblem);
  // Refuse now rather than answer every sign-up with a mail that never leaves.
  const mailProblem = mailConfigProblem();
  if (mailProblem) throw new Error(mailProblem);
  mkdirSync(".data", { recursive: true });
  const production = process.env.NODE_ENV === "production" && !!process.env.DATABASE_URL;
  ensureSecrets({ production, log });
  await stopOrphans();

  if (local) {
    db = startEmbeddedPostgres({ dataDir: embeddedPgDir(), port: Number(process.env.EMBEDDED_PG_PORT ?? 54329) });
    process.env.DATABASE_URL = (await db)!.url;
  } else {
    log(`using DATABASE_URL; no embedded PostgreSQL${webOnly ? "; web-only role (AGENTRUNTIME_ROLE=web): no worker, no gateway" : ""}`);
  }

  await step("migrate", process.execPath, [bin("prisma"), "migrate", "deploy"]);
  if (newest(["prisma/schema.prisma"]) > newest(["lib/generated/prisma"])) {
    await step("generate", process.execPath, [bin("prisma"), "generate"]);
  }
  if (!dev) {
    if (buildIsStale()) await step("build", process.execPath, [bin("next"), "build"]);
    else log("build is up to date (.next/BUILD_ID is newer than the sources)");
  }

  supervisor = new Supervisor<ProcessSpec>({
    launch,
    // The dead child's group may hold a grandchild (next start's server, on the port).
    reap: (child) => void signalGroup(child.pid, "SIGKILL"),
    log,
    giveUp: (spec, reason) => {
      log(`${reason}; stopping everything`);
      void shutdown(1);
    },
    started: () => writeFileSync(STATE_FILE, JSON.stringify({ pid: process.pid, children: [...live].map((c) => c.pid) })),
  });
  for (const spec of processes) supervisor.start(spec);
  log(`AgentRuntime console: http://localhost:${port}${dev ? " (dev mode)" : ""}`);
  if (local && !process.env.SMTP_URL) log(`local mode: mail goes to the development outbox, http://localhost:${port}/dev/mail`);
}

// Each child leads its own process group: `next` runs its server as a grandchild
// ("next-server"), which must get our signals too, even after its parent has died.
function launch({ name, command, args }: ProcessSpec): ChildProcess {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env, detached: true });
  live.add(child);
  child.on("close", () => live.delete(child));
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    readline.createInterface({ input: stream! }).on("line", (line) => out.write(`[${name}] ${line}\n`));
  }
  return child;
}

// A one-shot command that must succeed before the services start.
function step(name: string, command: string, args: string[]): Promise<void> {
  if (stopping) return new Promise(() => {}); // shutdown() owns the exit now
  return new Promise((resolve, reject) => {
    const child = launch({ name, command, args });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (stopping) return; // interrupted; shutdown() exits
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function stopOrphans(): Promise<void> {
  let state: { pid: number; children: number[] };
  try {
    state = JSON.parse(readFileSync(STATE_FILE, "utf8"));
  } catch {
    return;
  }
  if (isAlive(state.pid)) throw new Error(`another launcher (pid ${state.pid}) is running on port ${port}; stop it first`);
  for (const pid of state.children) {
    // Linux never reuses a PID while a group with that ID exists, so a live group is ours
    // unless its leader's PID now belongs to some other program.
    if (!signalGroup(pid, 0) || (isAlive(pid) && !commandLine(pid).includes(root))) continue;
    log(`stopping process group ${pid}, left running by a launcher that was killed`);
    signalGroup(pid, "SIGTERM");
    for (let i = 0; i < 100 && signalGroup(pid, 0); i++) await new Promise((r) => setTimeout(r, 100));
    signalGroup(pid, "SIGKILL");
  }
  rmSync(STATE_FILE, { force: true });
}

function signalGroup(pgid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  try {
    return pgid ? process.kill(-pgid, signal) : false;
  } catch {
    return false; // group gone
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    try {
      return execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    } catch {
      return "";
    }
  }
}

async function shutdown(code: number, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (stopping) return;
  stopping = true;
  supervisor?.stop();
  const children = [...live];
  // Forward SIGINT as SIGINT (what a terminal would send), anything else as SIGTERM.
  for (const c of children) signalGroup(c.pid, signal === "SIGINT" ? "SIGINT" : "SIGTERM");
  // A process that ignores the signal must not keep the database (and the terminal) hostage.
  const force = setTimeout(() => children.forEach((c) => signalGroup(c.pid, "SIGKILL")), 15_000);
  // "close" fires once every holder of the child's stdout (grandchildren too) is gone, after its
  // last output line was printed.
  await Promise.all(children.map((c) => new Promise((r) => (live.has(c) ? c.once("close", r) : r(null)))));
  clearTimeout(force);
  rmSync(STATE_FILE, { force: true });
  const pg = await db.catch(() => undefined);
  if (pg) {
    log("stopping embedded PostgreSQL");
    await pg.stop();
  }
  process.exit(code);
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (!stopping) log(`${sig}: stopping`);
    void shutdown(0, sig);
  });
}

main().catch((err: unknown) => {
  if (stopping) return;
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1);
});
