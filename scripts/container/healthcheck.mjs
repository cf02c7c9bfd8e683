// The image's HEALTHCHECK: asks the process that is PID 1 (its role read from its command line,
// see entrypoint.sh) over its own listener. Exit 0 healthy, 1 not.
import { readFileSync } from "node:fs";

const cmdline = readFileSync("/proc/1/cmdline", "utf8").split("\0");
const port = (name, fallback) => process.env[name] || fallback;
const target = cmdline.includes("server.js")
  ? `http://127.0.0.1:${port("PORT", "3000")}/.well-known/security.txt`
  : cmdline.includes("dist/gateway.mjs")
    ? `http://127.0.0.1:${port("GATEWAY_PORT", "3001")}/healthz`
    : cmdline.includes("dist/worker.mjs") && process.env.WORKER_METRICS_PORT
      ? `http://127.0.0.1:${process.env.WORKER_METRICS_PORT}/metrics`
      : null; // one-shot commands (migrate, seed) and a worker without a metrics listener

if (!target) process.exit(0);
try {
  const res = await fetch(target, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
