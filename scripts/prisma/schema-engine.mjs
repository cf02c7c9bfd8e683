#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, backed by @prisma/schema-engine-wasm.
//
// Why: the Prisma 7 CLI downloads the native engine from binaries.prisma.sh, which offline
// machines cannot reach, and it has no option to use the WASM engine instead. It does honour
// PRISMA_SCHEMA_ENGINE_BINARY, so prisma.config.ts points that variable here when the real
// binary is missing. We speak the binary's protocol: `--version`, `cli <command>`, and JSON-RPC
// over stdin/stdout, forwarding each request to the WASM engine.
//
// Limitations: PostgreSQL only (that is what the app uses); `migrate dev` is not supported by
// the WASM engine (use `npm run db:new`, see README).
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// adapter-pg and its helpers are resolved from adapter-pg itself so that we patch and use the
// exact `pg` / driver-adapter-utils instances it runs with, however npm lays out node_modules.
const adapterRequire = createRequire(require.resolve('@prisma/adapter-pg'));

const argv = parseArgs(process.argv.slice(2));
const datasource = argv.datasource ? JSON.parse(argv.datasource) : {};

// ───────────────────────────── CLI sub-commands ─────────────────────────────

// `prisma migrate deploy` / `db push` call these before starting the engine, to create the
// database if it is missing. Failures must look like the native binary's stderr: the CLI skips
// the first line, then parses each line as JSON and looks for an ERROR with an `error_code`.
async function runCliCommand(command, url) {
  const pg = adapterRequire('pg');
  try {
    if (!url) throw userError('P1012', 'The datasource URL is empty. Set DATABASE_URL (see prisma.config.ts).');
    if (command === 'can-connect-to-database') {
      await withClient(pg, url, () => {});
    } else if (command === 'create-database') {
      const name = decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
      await withClient(pg, withDatabase(url, 'postgres'), (c) =>
        c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`),
      );
    } else {
      throw new Error(`The WASM schema-engine stand-in does not implement \`cli ${command}\`.`);
    }
    process.exit(0);
  } catch (e) {
    const err = e.errorCode ? e : pgToUserError(e, url);
    process.stderr.write(
      `${logLine('INFO', 'schema-engine wasm stand-in')}\n` +
        logLine('ERROR', err.message, err.errorCode ? { error_code: err.errorCode } : {}),
    );
    process.exit(1);
  }
}

async function withClient(pg, url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// Native error codes the CLI reacts to (P1003 makes it create the database).
function pgToUserError(e, url) {
  const u = new URL(url);
  const at = `${u.hostname}:${u.port || 5432}`;
  const db = decodeURIComponent(u.pathname.slice(1));
  if (e.code === '3D000') return userError('P1003', `Database \`${db}\` does not exist on the database server at \`${at}\`.`);
  if (e.code === '28P01' || e.code === '28000') return userError('P1000', `Authentication failed against database server at \`${at}\`: ${e.message}`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(e.code))
    return userError('P1001', `Can't reach database server at \`${at}\`.`);
  return userError(undefined, e.message);
}

function userError(errorCode, message) {
  return Object.assign(new Error(message), { errorCode });
}

function logLine(level, message, extra = {}) {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...extra },
    target: 'schema_engine::logger',
  });
}

// ───────────────────────────── JSON-RPC server ─────────────────────────────

async function runRpcServer() {
  const shadow = new ShadowDatabases(datasource.shadowDatabaseUrl ?? datasource.url);
  const exit = async (code) => {
    await shadow.dropAll();
    process.exit(code);
  };
  // The CLI stops the engine by closing stdin and, on POSIX, sending SIGTERM right away:
  // make sure no temporary shadow database outlives us either way.
  process.on('SIGTERM', () => exit(0));
  process.on('SIGINT', () => exit(130));

  const send = (msg) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
  const pendingPrints = new Map();
  let enginePromise;
  let queue = Promise.resolve();

  let current; // id of the request being served
  const fail = async (id, e) => {
    const panic = panicMessage ?? (e instanceof WebAssembly.RuntimeError ? e.message : undefined);
    if (id !== undefined) send({ id, error: toRpcError(e, panic) });
    // After a panic the WASM instance is unusable; exit like the native binary (101).
    if (panic !== undefined || id === undefined) {
      process.stderr.write(logLine('ERROR', panic ?? String(e?.stack ?? e)) + '\n');
      await exit(panic !== undefined ? 101 : 1);
    }
  };
  // Some panics surface outside the request's promise (inside a wasm-bindgen callback). Unhandled,
  // they would kill us before we answer, and the CLI then prints nothing and exits 0.
  process.on('uncaughtException', (e) => fail(current, e));
  process.on('unhandledRejection', (e) => fail(current, e));

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line);
    if (msg.method === undefined) {
      // The CLI acknowledging one of our `print` requests.
      pendingPrints.get(msg.id)?.();
      pendingPrints.delete(msg.id);
      return;
    }
    // One request at a time, like the native engine.
    queue = queue.then(async () => {
      current = msg.id;
      try {
        enginePromise ??= createEngine(shadow);
        const result = await dispatch(await enginePromise, msg.method, msg.params, print);
        send({ id: msg.id, result: result ?? {} });
      } catch (e) {
        await fail(msg.id, e);
      } finally {
        current = undefined;
      }
    });
  });
  rl.on('close', () => queue.then(() => exit(0)));

  // Diff output is printed by the CLI through a `print` request, as with the native engine.
  function print(content) {
    const id = `print-${randomUUID()}`;
    return new Promise((resolve) => {
      pendingPrints.set(id, resolve);
      send({ id, method: 'print', params: { content } });
    });
  }
}

// Method names the CLI sends that differ from the WASM engine's.
async function dispatch(engine, method, params, print) {
  switch (method) {
    case 'getDatabaseVersion':
      return engine.version(params);
    case 'diff': {
      const { stdout, ...rest } = await engine.diff(params);
      if (stdout) await print(stdout.replace(/\n$/, ''));
      return { ...rest, stdout: null };
    }
    case 'devDiagnostic': // the first call of `migrate dev`
    case 'evaluateDataLoss':
    case 'createMigration':
      // The WASM engine fails deep inside `migrate dev` ("PostgreSQL shadow DB must be provided
      // through an external factory"), after applying pending migrations. Stop before that.
      throw new Error(
        '`prisma migrate dev` does not work with the offline (WASM) schema engine.\n' +
          'Create migrations with `npm run db:new -- <name>`, apply them with `npm run db:deploy`.',
      );
    case 'createDatabase':
    case 'getDatabaseDescription':
      throw new Error(`The WASM schema-engine stand-in does not implement \`${method}\`.`);
    default:
      if (typeof engine[method] !== 'function') throw new Error(`Unknown schema-engine method \`${method}\`.`);
      // Call as a method: detaching it from `engine` breaks the wasm-bindgen `this` binding.
      return engine[method](params);
  }
}

// Shape expected by the CLI's SchemaEngineCLI: `data.is_panic`, `data.message`, `data.error_code`.
function toRpcError(e, panic) {
  if (panic !== undefined) {
    return { code: 4466, message: 'Schema engine panicked', data: { is_panic: true, message: panic, error: { message: panic } } };
  }
  const code = e?.code ?? e?.errorCode;
  // WASM errors carry a Rust span trace after the message ("   0: schema_engine_wasm::…").
  let message = String(e?.message ?? e).split(/\n\s+0: /)[0];
  // JS errors thrown inside the driver adapter reach us only as "External error id#N".
  message = message.replace(/External error id#(\d+)/, (m, id) => errorRegistry?.consumeError(+id)?.error?.message ?? m);
  return {
    code: 4466,
    message: 'An error happened. Check the data field for details.',
    data: { is_panic: false, message, ...(typeof code === 'string' ? { error_code: code } : {}), meta: e?.meta ?? {} },
  };
}

// ───────────────────────────── WASM engine setup ─────────────────────────────

let panicMessage;
let errorRegistry; // the driver adapter's, to recover the JS errors behind "External error id#N"

async function loadWasm() {
  // Rust panics report their message through this global before trapping. Without it the
  // glue code throws while handling the panic and the CLI ends up printing nothing, exit 0.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      panicMessage = message;
    },
  };
  // The package entry does `import * as wasm from "./schema_engine_bg.wasm"`, which plain Node
  // rejects, so instantiate the module by hand around the wasm-bindgen glue (as Prisma does).
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = await import(pathToFileURL(gluePath).href);
  const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(wasmModule, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

async function createEngine(shadow) {
  const glue = await loadWasm();
  const pg = adapterRequire('pg');
  const { PrismaPg } = adapterRequire('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = adapterRequire('@prisma/driver-adapter-utils');

  // The engine reads catalog columns of PostgreSQL's internal `"char"` type (OID 18, such as
  // pg_constraint.contype) as single characters, but adapter-pg rejects that type outright.
  // Parse those columns as text, then report them to the engine as Character. These patches
  // live in this process only, never in the app.
  const charColumns = new WeakMap(); // a result's rows array -> indexes of its "char" columns
  const addFields = pg.Result.prototype.addFields;
  pg.Result.prototype.addFields = function (fields) {
    const indexes = [];
    fields.forEach((f, i) => f.dataTypeID === 18 && (f.dataTypeID = 25) && indexes.push(i));
    if (indexes.length) charColumns.set(this.rows, indexes);
    return addFields.call(this, fields);
  };
  const patchQueryable = (adapter) => {
    // PgQueryable: the common prototype of adapter-pg's connection and transaction classes.
    const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter));
    if (proto.queryRaw.patched) return;
    const queryRaw = proto.queryRaw;
    proto.queryRaw = async function (query) {
      const result = await queryRaw.call(this, query);
      for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
      return result;
    };
    proto.queryRaw.patched = true;
  };

  const url = datasource.url;
  const connect = async (connectionString) => {
    if (!connectionString) throw new Error('The offline (WASM) schema engine needs a database for every command: set DATABASE_URL.');
    const schema = new URL(connectionString).searchParams.get('schema') ?? undefined;
    const adapter = await new PrismaPg({ connectionString }, { schema }).connect();
    patchQueryable(adapter);
    // adapter-pg splits scripts on ";", which breaks migrations containing function bodies
    // (`$$ … ; … $$`). Send the script whole, as the native engine does (simple query protocol).
    adapter.executeScript = async (script) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (e) {
        adapter.onError(e);
      }
    };
    return adapter;
  };

  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connect(url),
    // adapter-pg's own connectToShadowDb is unsafe with a connectionString: it "connects" to
    // the real database (connectionString wins over `database`) and replays migrations into it,
    // then tries to drop it. We create and drop a throwaway database ourselves instead.
    connectToShadowDb: async () => {
      const name = await shadow.create();
      const adapter = await connect(withDatabase(shadow.serverUrl, name));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await shadow.drop(name);
      };
      return adapter;
    },
  });

  errorRegistry = factory.errorRegistry;

  const datamodels = argv.datamodels.length
    ? argv.datamodels.map((p) => [p, fs.readFileSync(path.resolve(p), 'utf8')])
    : undefined;
  // The log callback receives the same JSON lines the native binary writes to stderr.
  return glue.SchemaEngine.new({ datamodels }, (line) => process.stderr.write(line + '\n'), factory);
}

// Temporary shadow databases, created on the same server and always dropped WITH (FORCE).
class ShadowDatabases {
  constructor(serverUrl) {
    this.serverUrl = serverUrl;
    this.names = new Set();
  }
  async create() {
    if (!this.serverUrl) throw new Error('A shadow database is needed, but the datasource URL is empty. Set DATABASE_URL.');
    const pg = adapterRequire('pg');
    const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    await withClient(pg, this.serverUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
    this.names.add(name);
    return name;
  }
  async drop(name) {
    const pg = adapterRequire('pg');
    // Through the main database: the shadow must have no connection of ours while dropped.
    await withClient(pg, this.serverUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
    );
    this.names.delete(name);
  }
  async dropAll() {
    for (const name of [...this.names]) await this.drop(name).catch(() => {});
  }
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}

function parseArgs(args) {
  const out = { datamodels: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--version' || a === '-V') out.version = true;
    else if (a === '--datamodels') out.datamodels.push(args[++i]);
    else if (a === '--datasource') out.datasource = args[++i];
    else if (a === 'cli') out.cli = args[++i];
    else if (a.startsWith('--')) i++; // --enabled-preview-features, --extension-types: unused by WASM
  }
  return out;
}

// Last, so that every declaration above is initialised.
if (argv.version) {
  process.stdout.write(`schema-engine-cli ${(await loadWasm()).version()}\n`);
} else if (argv.cli) {
  await runCliCommand(argv.cli, datasource.url);
} else {
  await runRpcServer();
}
