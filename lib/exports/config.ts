import path from "node:path";
import { intEnv } from "@/lib/core/env";

// Where archives live and how long they and their links last. Several web/worker instances
// must share EXPORT_DIR (one volume): the worker writes the archive, any web instance serves it.

/** EXPORT_DIR, default `.data/exports` under the working directory. */
export function exportDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.EXPORT_DIR || path.join(process.cwd(), ".data", "exports"));
}

/** Hours an archive is kept (and downloadable) after it is built: EXPORT_RETENTION_HOURS, default 24. */
export function exportRetentionMs(): number {
  return intEnv("EXPORT_RETENTION_HOURS", 24, { min: 1 }) * 3600_000;
}

/** The archive of an export: `<dir>/<id>.tar.gz` (ids are `exp_` + base32, safe as file names). */
export function archivePath(exportId: string): string {
  if (!/^exp_[0-9a-z]+$/.test(exportId)) throw new Error("not an export id");
  return path.join(exportDir(), `${exportId}.tar.gz`);
}
