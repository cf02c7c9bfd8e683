import "server-only";
import { db } from "@/lib/db/client";

// Every open stream of a run reads the same rows after the same notice: fifty clients of one
// run would make fifty identical queries per commit. Streams that ask for the same rows share
// one query, but only one that began after the asking stream's latest notice: a query begun
// earlier may predate the commit that notice announced, and sharing it would miss that event.

type Row = Awaited<ReturnType<typeof query>>[number];
type InFlight = { tick: number; rows: Promise<Row[]> };

let clock = 0;
const inFlight = new Map<string, InFlight>();

function query(workspaceId: string, runId: string, after: number, take: number) {
  return db.runEvent.findMany({ where: { runId, workspaceId, seq: { gt: after } }, orderBy: { seq: "asc" }, take });
}

/** A point in time for `readRunEventsAfter`: take it when a notice arrives. */
export function eventTick(): number {
  return ++clock;
}

/** The run's events after `after` (in seq order, at most `take`), read no earlier than `since`. */
export function readRunEventsAfter(workspaceId: string, runId: string, after: number, take: number, since: number): Promise<Row[]> {
  const key = `${workspaceId}\u0000${runId}\u0000${after}\u0000${take}`;
  const shared = inFlight.get(key);
  if (shared && shared.tick > since) return shared.rows;
  const entry: InFlight = { tick: eventTick(), rows: query(workspaceId, runId, after, take) };
  inFlight.set(key, entry);
  const done = () => {
    if (inFlight.get(key) === entry) inFlight.delete(key);
  };
  entry.rows.then(done, done);
  return entry.rows;
}
