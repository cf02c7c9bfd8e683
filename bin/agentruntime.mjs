#!/usr/bin/env node
// agentruntime: starts an agent's process with its runtime bundle and a short-lived agent token
// in the environment, so agent code carries no secrets. Plain ESM with no dependencies and no
// build step, so `npx agentruntime` works on Node >= 20 from the package as published.
//
// The PAT comes from AGENTRUNTIME_TOKEN only (argv is visible in `ps`), and neither it nor the
// agent token is ever printed: every message goes through `redact`.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { constants, hostname } from "node:os";
import { parseArgs } from "node:util";

const USAGE = `Usage:
  agentruntime agents run <agent> [options] -- <command> [args...]
      Start <command> (no shell, inherited stdio) with the agent's runtime bundle and a
      short-lived agent token (AGENTRUNTIME_AGENT_TOKEN) in its environment. The token is
      revoked when the command exits; the exit code is the command's (128+n on signal n).
  agentruntime agents env <agent> [options]
      Print the runtime bundle as KEY=value lines (POSIX-shell quoted), without any token.

<agent> is the agent's id or slug.

Options:
  --workspace <slug>   workspace slug (X-Tenant-Id); default AGENTRUNTIME_WORKSPACE, else the
                       PAT's own workspace
  --project <slug>     project slug (X-Project-Id); default AGENTRUNTIME_PROJECT; needed unless
                       the PAT is limited to one project
  --url <url>          web URL of AgentRuntime; default AGENTRUNTIME_URL or http://localhost:3000
  --token-ttl <ttl>    agent token lifetime for "run": seconds, or 30m, 12h, 1d (default 12h;
                       the server allows 60 s to 30 days)
  -h, --help           show this help
  -v, --version        show the version

Environment:
  AGENTRUNTIME_TOKEN   a personal access token (ar_pat_...); required, never taken from argv

Exit codes: the command's own; 1 API or network error; 2 usage error; 127 command not started.`;

const DEFAULT_URL = "http://localhost:3000";
const DEFAULT_TTL_SECONDS = 12 * 3600;
const REQUEST_TIMEOUT_MS = 30_000;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Signals a user or a supervisor sends to stop the whole thing; the child decides how to stop.
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];

class CliError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}
const usageError = (message) => new CliError(`${message} (see agentruntime --help)`, 2);

const secrets = [];
function redact(text) {
  return secrets.reduce((out, s) => (s ? out.split(s).join("[redacted]") : out), String(text));
}
function fail(message) {
  process.stderr.write(`agentruntime: ${redact(message)}\n`);
}

function parseTtl(value) {
  const m = /^(\d+)([smhd]?)$/.exec(value ?? "");
  const seconds = m ? Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw usageError(`--token-ttl must be a positive duration like 3600, 30m or 12h, not "${value}"`);
  return seconds;
}

function parseCli(argv) {
  const dash = argv.indexOf("--");
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const command = dash === -1 ? null : argv.slice(dash + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: true,
      options: {
        workspace: { type: "string" },
        project: { type: "string" },
        url: { type: "string" },
        "token-ttl": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (e) {
    // Node's own messages for these are long and mention `--`, which means something else here.
    const option = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) throw usageError(`unknown option "${option}"`);
    throw usageError(e.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { action: "help" };
  if (values.version) return { action: "version" };
  const [group, verb, agent, ...extra] = positionals;
  if (!group) return { action: "help" };
  if (group !== "agents") throw usageError(`unknown command "${group}"`);
  if (verb !== "run" && verb !== "env") throw usageError(verb ? `unknown command "agents ${verb}"` : 'missing a command: "agents run" or "agents env"');
  if (!agent) throw usageError(`missing the agent (its id or slug): agentruntime agents ${verb} <agent>`);
  if (extra.length) throw usageError(`unexpected argument "${extra[0]}"${verb === "run" ? '; put the command after "--"' : ""}`);
  if (verb === "run" && !command?.length) throw usageError('missing the command: agentruntime agents run <agent> -- <command> [args...]');
  if (verb === "env" && command) throw usageError('"agents env" takes no command');
  if (verb === "env" && values["token-ttl"] !== undefined) throw usageError('--token-ttl applies to "agents run" only');

  const env = process.env;
  const baseUrl = values.url ?? (env.AGENTRUNTIME_URL || DEFAULT_URL);
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    throw usageError(`not a URL: "${baseUrl}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError(`the URL must be http(s): "${baseUrl}"`);
  const pat = env.AGENTRUNTIME_TOKEN;
  if (!pat) throw usageError("AGENTRUNTIME_TOKEN is not set: export a personal access token (ar_pat_...) from the console");
  secrets.push(pat);
  return {
    action: verb,
    agent,
    command,
    pat,
    baseUrl: url.href.replace(/\/+$/, ""),
    workspace: values.workspace ?? env.AGENTRUNTIME_WORKSPACE ?? "",
    project: values.project ?? env.AGENTRUNTIME_PROJECT ?? "",
    ttlSeconds: values["token-ttl"] === undefined ? DEFAULT_TTL_SECONDS : parseTtl(values["token-ttl"]),
  };
}

/**
 * Aborts the bundle fetch on Ctrl-C before anything exists to clean up. Issuing and revoking
 * the token are not interruptible: a token issued must be known, so that it can be revoked.
 */
const interrupt = new AbortController();

async function api(opts, method, path, body, { interruptible = false } = {}) {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), REQUEST_TIMEOUT_MS);
  const onInterrupt = () => timeout.abort();
  if (interruptible) interrupt.signal.addEventListener("abort", onInterrupt);
  const headers = { authorization: `Bearer ${opts.pat}`, accept: "application/json", "user-agent": `agentruntime-cli/${version()}` };
  if (opts.workspace) headers["x-tenant-id"] = opts.workspace;
  if (opts.project) headers["x-project-id"] = opts.project;
  if (body !== undefined) headers["content-type"] = "application/json";
  const what = `${method} ${path}`;
  let res;
  let text;
  try {
    res = await fetch(`${opts.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: timeout.signal, redirect: "error" });
    text = await res.text();
  } catch (e) {
    const why = interruptible && interrupt.signal.aborted ? "interrupted" : timeout.signal.aborted ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new CliError(`${what}: cannot reach ${opts.baseUrl} (${why})`, 1);
  } finally {
    clearTimeout(timer);
    interrupt.signal.removeEventListener("abort", onInterrupt);
  }
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not our API (a proxy page, a wrong --url): reported below by status.
  }
  if (res.ok) return json;
  const err = json?.error;
  if (err && typeof err.code === "string") {
    const details = Array.isArray(err.details) ? err.details.map((d) => `${d.path}: ${d.message}`).join("; ") : "";
    throw new CliError(`${what} failed: ${err.code}: ${err.message ?? ""}${details ? ` [${details}]` : ""}${err.requestId ? ` (request ${err.requestId})` : ""}`, 1);
  }
  throw new CliError(`${what} failed: HTTP ${res.status} without an AgentRuntime error body (is ${opts.baseUrl} the web URL?)`, 1);
}

const agentPath = (opts) => `/v1/agents/${encodeURIComponent(opts.agent)}`;

async function fetchBundle(opts) {
  const bundle = await api(opts, "GET", `${agentPath(opts)}/runtime`, undefined, { interruptible: true });
  const env = bundle?.env;
  const bad = env && typeof env === "object" ? Object.entries(env).find(([k, v]) => !ENV_KEY.test(k) || typeof v !== "string") : ["env"];
  if (!bundle?.agent || bad) throw new CliError(`unexpected runtime bundle from ${opts.baseUrl}${bad ? ` (variable ${JSON.stringify(bad[0])})` : ""}`, 1);
  return bundle;
}

/** POSIX-shell quoting: safe characters as they are, anything else in single quotes. */
function shellQuote(value) {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function printEnv(opts) {
  const { agent, env } = await fetchBundle(opts);
  const lines = [`# AgentRuntime runtime bundle of agent ${agent.slug ?? agent.id} (${agent.id}); no credentials`];
  for (const [key, value] of Object.entries(env)) lines.push(`${key}=${shellQuote(value)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

async function revoke(opts, tokenView) {
  try {
    await api(opts, "DELETE", `${agentPath(opts)}/tokens/${encodeURIComponent(tokenView.id)}`);
  } catch (e) {
    const expiry = tokenView.expiresAt ? `; it expires at ${tokenView.expiresAt}` : "";
    fail(`could not revoke agent token ${tokenView.prefix ?? tokenView.id}: ${e.message}${expiry}. Revoke it in the console.`);
  }
}

/** The first stop signal received, and the child once spawned (see `runAgent`). */
let received = null;
let child = null;
let childExited = false;
const exitOnSignal = () => 128 + (constants.signals[received] ?? 0);

function onSignal(signal) {
  received ??= signal;
  // After the child has exited, the token is being revoked: let that finish.
  if (childExited) return;
  // A terminal's Ctrl-C reaches the child's process group too; forwarding also covers
  // `kill <pid>` and supervisors that signal this process only (as npm does).
  if (child?.pid !== undefined) child.kill(signal);
  else interrupt.abort();
}

async function runAgent(opts) {
  for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
  const { env: bundleEnv } = await fetchBundle(opts);
  if (received) return exitOnSignal();
  const issued = await api(opts, "POST", `${agentPath(opts)}/tokens`, { name: `cli@${hostname()}`, expiresInSeconds: opts.ttlSeconds });
  // The token's view is the body itself beside `token`, or nested as `tokenView`.
  const view = issued?.tokenView ?? issued;
  if (typeof issued?.token !== "string" || typeof view?.id !== "string") throw new CliError(`unexpected token response from ${opts.baseUrl}`, 1);
  secrets.push(issued.token);
  if (received) {
    await revoke(opts, view);
    return exitOnSignal();
  }

  // The child gets the agent token, not the user's PAT.
  const { AGENTRUNTIME_TOKEN: _pat, ...inherited } = process.env;
  const [file, ...args] = opts.command;
  const outcome = await new Promise((resolve) => {
    let started = false;
    try {
      child = spawn(file, args, { stdio: "inherit", env: { ...inherited, ...bundleEnv, AGENTRUNTIME_AGENT_TOKEN: issued.token } });
    } catch (e) {
      // Invalid arguments (a NUL byte, say) throw here instead of emitting "error".
      resolve({ notStarted: e });
      return;
    }
    child.once("spawn", () => (started = true));
    child.once("error", (e) => {
      if (!started) resolve({ notStarted: e });
    });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  childExited = true;
  await revoke(opts, view);
  if (outcome.notStarted) {
    const e = outcome.notStarted;
    const why = e.code === "ENOENT" ? "command not found" : e.code === "EACCES" ? "permission denied" : e.message;
    fail(`cannot start "${file}": ${why}`);
    return 127;
  }
  if (outcome.signal) return 128 + (constants.signals[outcome.signal] ?? 0);
  return outcome.code ?? 1;
}

let cachedVersion;
function version() {
  if (cachedVersion === undefined) {
    try {
      cachedVersion = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version ?? "unknown";
    } catch {
      cachedVersion = "unknown";
    }
  }
  return cachedVersion;
}

async function main(argv) {
  const opts = parseCli(argv);
  if (opts.action === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (opts.action === "version") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  return opts.action === "env" ? printEnv(opts) : runAgent(opts);
}

/** Exits once what was written to stdout is flushed (pipes can be asynchronous). */
const exit = (code) => process.stdout.write("", () => process.exit(code));

main(process.argv.slice(2)).then(exit, (e) => {
  if (received && !child) {
    fail(`interrupted by ${received}`);
    return exit(exitOnSignal());
  }
  fail(e instanceof CliError ? e.message : `unexpected error: ${e?.stack ?? e}`);
  exit(e instanceof CliError ? e.exitCode : 1);
});
