import os from "node:os";
import path from "node:path";
import { intEnv } from "@/lib/core/env";

// Where a worker builds an archive (scratch space, its own) and how long archives and their
// links last. The built archive is stored in PostgreSQL (archive-store.ts), so instances share
// no directory.

/** EXPORT_DIR, default `agentruntime-exports` under the OS's temporary directory. */
export function exportDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.EXPORT_DIR || path.join(os.tmpdir(), "agentruntime-exports"));
}

/** Hours an archive is kept (and downloadable) after it is built: EXPORT_RETENTION_HOURS, default 24. */
export function exportRetentionMs(): number {
  return intEnv("EXPORT_RETENTION_HOURS", 24, { min: 1 }) * 3600_000;
}

/** Where the worker builds an export's archive: `<dir>/<id>.tar.gz` (ids are `exp_` + base32, safe as file names). */
export function buildPath(exportId: string): string {
  if (!/^exp_[0-9a-z]+$/.test(exportId)) throw new Error("not an export id");
  return path.join(exportDir(), `${exportId}.tar.gz`);
}
