import { enginePool } from "@/lib/db/pool";
import { checkpointsInFlight, prepareCheckpoint } from "./checkpoint";
import { loadsInFlight, prepareLoad } from "./load-run";

// A starting worker opens the engine's connections before it fetches its first run job, and on
// each prepares the engine's two statements (the run load and the checkpoint batch) and has the
// session compile the checkpoint's functions, with calls that name no run and write nothing.
// Without it the first jobs after a start (a deploy into a backlog, a scale-out) waited for
// connections to be opened and authenticated and for cold sessions. (A worker that stays idle
// loses them again: the pool closes a connection idle for 10 s.) `npm run bench:runs` (3,000
// queued runs, 2 fresh workers), alternating with and without: 580, 669, 658, 724 runs/s against
// 507, 620, 652, 644 (engine / raw 0.58–0.62 against 0.45–0.60).

/** Warms as many connections as the engine has statements in flight at once; returns how many. */
export async function warmEngineConnections(): Promise<number> {
  const pool = enginePool();
  const count = Math.min(checkpointsInFlight() + loadsInFlight(), pool.options.max ?? 10);
  // Taken all at once, so each is a connection of its own.
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  try {
    await Promise.all(
      clients.map(async (client) => {
        await prepareLoad(client);
        await prepareCheckpoint(client);
      }),
    );
  } finally {
    for (const client of clients) client.release();
  }
  return count;
}
