import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { sqlitePathAllowed } from "@/lib/connections/probes/sqlite";
import { CallError } from "../call-error";
import { MAX_BYTES, MAX_ROWS, paramsArg, StatementError, stringArg, type RowsResult } from "./limits";
import { splitName } from "./postgres";

// SQLite tools. The file must lie under the directory configured for SQLite connections; a
// read-only instance opens it read-only, so SQLite itself refuses writes. ATTACH (and VACUUM
// INTO, which attaches) is refused by an authorizer: a statement cannot reach another file.
// node:sqlite is synchronous and has no interrupt, so the statement runs in a child process
// killed (by its pid) at the time limit: a runaway query cannot stall this process.

// Runs in the child: reads one JSON request on stdin, writes one JSON answer on stdout.
const CHILD = `
const { DatabaseSync, constants: c } = require("node:sqlite");
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const q = JSON.parse(input);
  let db;
  try {
    db = new DatabaseSync(q.file, { readOnly: q.readOnly, enableForeignKeyConstraints: true });
    db.enableDefensive?.(true);
    db.setAuthorizer((action) => (action === c.SQLITE_ATTACH || action === c.SQLITE_DETACH ? c.SQLITE_DENY : c.SQLITE_OK));
    const st = db.prepare(q.sql);
    const columns = st.columns().map((col) => ({ name: col.name, type: col.type ?? undefined }));
    const rows = [];
    let bytes = 0, truncated = false, rowCount = null;
    if (columns.length === 0) rowCount = Number(st.run(...q.params).changes);
    else for (const row of st.iterate(...q.params)) {
      const safe = JSON.parse(JSON.stringify(row, (k, v) => typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? { base64: Buffer.from(v).toString("base64") } : v));
      const size = Buffer.byteLength(JSON.stringify(safe));
      if (rows.length >= q.maxRows || bytes + size > q.maxBytes) { truncated = true; break; }
      bytes += size;
      rows.push(safe);
    }
    process.stdout.write(JSON.stringify({ ok: { columns, rows, rowCount: rowCount ?? rows.length, truncated } }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: { message: String(e && e.message || e), errcode: e && e.errcode } }));
  } finally {
    try { db && db.close(); } catch {}
  }
});
`;

type SqliteTarget = { file: string | undefined; readOnly: boolean; timeoutMs: number };

export async function runSqliteTool(t: SqliteTarget, tool: string, args: Record<string, unknown>): Promise<RowsResult> {
  if (!t.file || !sqlitePathAllowed(t.file)) throw new CallError("database_unreachable", "The database file must be inside the directory configured for SQLite connections", false);
  const s = await stat(t.file).catch(() => null);
  if (!s?.isFile()) throw new CallError("database_unreachable", "The database file does not exist", false);
  const { sql, params } = statementOf(tool, args);
  const out = await runChild({ file: t.file, readOnly: t.readOnly, sql, params, maxRows: MAX_ROWS, maxBytes: MAX_BYTES }, t.timeoutMs);
  if (tool === "describe" && out.rows.length === 0) throw new StatementError("table_not_found", `No table or view named ${args.table as string} is visible`);
  return out;
}

function statementOf(tool: string, args: Record<string, unknown>): { sql: string; params: unknown[] } {
  if (tool === "query") return { sql: stringArg(args, "sql"), params: paramsArg(args) };
  if (tool === "list_tables") return { sql: "SELECT 'main' AS schema, name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name", params: [] };
  if (tool === "describe") {
    const [, table] = splitName(stringArg(args, "table", 256));
    return { sql: `SELECT name, type, "notnull" = 0 AS nullable, dflt_value AS "default", pk > 0 AS primary_key FROM pragma_table_info(?) ORDER BY cid`, params: [table] };
  }
  throw new StatementError("unknown_tool", `${tool} is not a tool of this adapter`);
}

type ChildAnswer = { ok?: RowsResult; error?: { message: string; errcode?: number } };

function runChild(request: object, timeoutMs: number): Promise<RowsResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--no-warnings", "-e", CHILD], { stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    let tooBig = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new StatementError("statement_timeout", "The statement ran past the time limit and was stopped"));
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      if (out.length > 4 * MAX_BYTES) {
        tooBig = true;
        child.kill("SIGKILL");
      }
    });
    child.on("error", () => (clearTimeout(timer), reject(new CallError("database_unreachable", "Could not open the SQLite database", true))));
    child.on("close", () => {
      clearTimeout(timer);
      if (tooBig) return reject(new StatementError("answer_too_large", "The answer is too large"));
      let answer: ChildAnswer;
      try {
        answer = JSON.parse(out) as ChildAnswer;
      } catch {
        return reject(new CallError("database_unreachable", "The SQLite database could not be read", true));
      }
      if (answer.ok) return resolve(answer.ok);
      const e = answer.error ?? { message: "The statement failed" };
      if (e.errcode === 8) return reject(new StatementError("read_only", `${e.message} (the instance is read-only)`));
      reject(new StatementError("statement_failed", e.message));
    });
    child.stdin.end(JSON.stringify(request));
  });
}
