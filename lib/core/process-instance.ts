import { randomBytes } from "node:crypto";

/**
 * This process's name among every process on the database (in connection application_names:
 * the orphan sweep tells a live worker from a dead one by it, lib/runs/engine/run-claims.ts):
 * its pid, for a person reading pg_stat_activity, and a random part, because processes on other
 * hosts or in other containers can have the same pid (a container's first process is often 1).
 */
export const PROCESS_INSTANCE = `${process.pid}-${randomBytes(4).toString("hex")}`;
