import { stat } from "node:fs/promises";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fail, ok, type ProbeResult } from "./result";

/**
 * SQLite files live on this server, so a connection may only name a file under the
 * configured directory (CONNECTIONS_SQLITE_DIR, default .data/sqlite): a project admin must
 * not be able to probe arbitrary server paths.
 */
function sqliteRoot(): string {
  // The ignore comment: a path computed at run time would otherwise make the build's file tracing
  // ship the whole project with every route that imports this (Turbopack's warning).
  return path.resolve(/*turbopackIgnore: true*/ process.env.CONNECTIONS_SQLITE_DIR || path.join(process.cwd(), ".data", "sqlite"));
}

export function sqlitePathAllowed(file: string): boolean {
  const root = sqliteRoot();
  const resolved = path.resolve(file);
  return resolved.startsWith(root + path.sep);
}

/** Opens the file read-only and runs `select 1`. */
export async function probeSqlite(file: string | undefined): Promise<ProbeResult> {
  if (!file) return fail("The connection has no database file path");
  if (!sqlitePathAllowed(file)) return fail("The database file must be inside the directory configured for SQLite connections");
  try {
    const s = await stat(file);
    if (!s.isFile()) return fail("The path is not a file");
  } catch {
    return fail("The database file does not exist");
  }
  let db: DatabaseSync | null = null;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    db.prepare("select 1 as ok").get();
    // A non-database file opens fine and only fails once a page is read.
    db.prepare("select count(*) from sqlite_schema").get();
    return ok;
  } catch {
    return fail("The file could not be opened as a SQLite database");
  } finally {
    db?.close();
  }
}
