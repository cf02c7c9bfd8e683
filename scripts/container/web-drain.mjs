// Loaded into the web container's server (entrypoint.sh: node --import). Next's standalone
// server.js answers SIGTERM by exiting at once with 143, cutting requests in flight; with
// NEXT_MANUAL_SIG_HANDLE set it leaves the signal to us: stop accepting connections, let
// requests in flight finish, and exit 0 — at the latest after WEB_DRAIN_MS (default 10 s, within
// compose's stop grace period), when open SSE streams are cut (their clients reconnect).
import http from "node:http";

const servers = new Set();
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  servers.add(this);
  return listen.apply(this, args);
};

let draining = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (draining) return;
    draining = true;
    const drainMs = Number(process.env.WEB_DRAIN_MS) > 0 ? Number(process.env.WEB_DRAIN_MS) : 10_000;
    console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), msg: `${signal}: draining (at most ${drainMs} ms)` }));
    setTimeout(() => process.exit(0), drainMs).unref();
    let open = servers.size;
    if (open === 0) process.exit(0);
    for (const server of servers) {
      server.close(() => {
        if (--open === 0) process.exit(0);
      });
      server.closeIdleConnections?.();
    }
  });
}
