import http from "node:http";
import { logger } from "@/lib/core/logger";
import { exposition } from "./metrics";

// The worker's and the gateway's /metrics: a listener of its own, apart from the gateway's public
// one, bound to 127.0.0.1 unless told otherwise (a scraper on the same host or a sidecar).
// Off unless its port is set: several workers on one machine would otherwise fight over it.

export type MetricsServer = { server: http.Server; port: number; close(): Promise<void> };

/** Starts the listener when `portVar` is set (0 = any free port); null otherwise. */
export async function startMetricsServer(opts: { portVar: string; hostVar: string; onScrape?: () => Promise<void> }): Promise<MetricsServer | null> {
  const raw = process.env[opts.portVar];
  if (raw === undefined || raw.trim() === "") return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${opts.portVar} must be a port number (got "${raw}")`);
  const host = process.env[opts.hostVar] || "127.0.0.1";
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    (opts.onScrape ?? (async () => {}))()
      .catch((err) => logger.warn("metrics: scrape-time collection failed", { err }))
      .then(exposition)
      .then(({ contentType, body }) => res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : body))
      .catch((err) => {
        logger.error("metrics: exposition failed", { err });
        res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as { port: number }).port;
  logger.info(`metrics on http://${host}:${bound}/metrics`);
  return { server, port: bound, close: () => new Promise((r) => server.close(() => r())) };
}
