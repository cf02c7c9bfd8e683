// Another instance of the app, for the cross-instance tests (test/scale): a separate Node process
// with its own module state (limiter cache, run event hub, Redis client), on the same database
// and Redis as the test. Commands (argv), each printing one JSON line and exiting:
//   limit <name> <points> <seconds> <perProcess 0|1> <key> <count>  → { passed, rejected }
//   append <workspaceId> <projectId> <runId> <type>                → { ok: true }
//   limit-and-close <name> <key>: one point, then closeRateLimitStore() and no process.exit: the
//   process must end on its own (one-off scripts such as `npm run seed` rely on it)
import { ApiError } from "@/lib/core/errors";
import { closeRateLimitStore, consume, type LimitSpec } from "@/lib/rate-limit/limiter";

async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === "limit") {
    const [name, points, seconds, perProcess, key, count] = args;
    const spec: LimitSpec = { name: name!, points: Number(points), durationSeconds: Number(seconds), ...(perProcess === "1" ? { perProcess: true } : {}) };
    let passed = 0;
    let rejected = 0;
    await Promise.all(
      Array.from({ length: Number(count) }, () =>
        consume(spec, key!).then(
          () => void passed++,
          (err: unknown) => {
            if (err instanceof ApiError && err.status === 429) rejected++;
            else throw err;
          },
        ),
      ),
    );
    // What this instance counted reaches the shared store before it reports (as at shutdown).
    await closeRateLimitStore();
    console.log(JSON.stringify({ passed, rejected }));
  } else if (cmd === "limit-and-close") {
    const [name, key] = args;
    await consume({ name: name!, points: 5, durationSeconds: 60, perProcess: true }, key!);
    await closeRateLimitStore();
    console.log(JSON.stringify({ ok: true }));
    return;
  } else if (cmd === "append") {
    const [workspaceId, projectId, runId, type] = args;
    const { db } = await import("@/lib/db/client");
    const { appendRunEvent } = await import("@/lib/runs/events");
    await db.$transaction((tx) => appendRunEvent(tx, { id: runId!, workspaceId: workspaceId!, projectId: projectId! }, type as never, { from: "instance" }, { status: "running" }));
    // With REDIS_URL the notice is published after the commit: let it leave before exiting.
    const { flushRunEventNotices } = await import("@/lib/runs/run-event-bus");
    await flushRunEventNotices();
    console.log(JSON.stringify({ ok: true }));
  } else {
    throw new Error(`unknown command ${cmd}`);
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
