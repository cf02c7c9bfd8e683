// The gateway process (`npm run gateway`; `npm start` runs one beside the web app and the
// worker). Agent traffic only: ingress, the LLM endpoint. Listens on GATEWAY_PORT (3001).
import { logger } from "@/lib/core/logger";
import { intEnv } from "@/lib/core/env";
import { gatewayPort } from "@/lib/agents/gateway-url";
import { startMetricsServer } from "@/lib/telemetry/metrics-server";
import { flushTracing, startTracing } from "@/lib/telemetry/tracing";
import { closeGatewayPool } from "./db";
import { createGateway } from "./server";

async function main(): Promise<void> {
  await startTracing("agentruntime-gateway");
  const gateway = await createGateway();
  // /metrics is never on the public listener: a listener of its own, 127.0.0.1 by default.
  const metricsServer = await startMetricsServer({ portVar: "GATEWAY_METRICS_PORT", hostVar: "GATEWAY_METRICS_HOST" });
  const port = gatewayPort();
  const host = process.env.GATEWAY_HOST ?? "0.0.0.0";
  await new Promise<void>((resolve, reject) => {
    gateway.server.once("error", reject);
    gateway.server.listen(port, host, () => {
      gateway.server.off("error", reject);
      resolve();
    });
  }).catch((err: NodeJS.ErrnoException) => {
    // The most likely first-run failure: another program (a dev server) already has the port.
    if (err.code === "EADDRINUSE") throw new Error(`port ${port} is already in use: set GATEWAY_PORT to a free port (the gateway's default is 3001)`);
    throw err;
  });
  logger.info(`gateway listening on ${host}:${port}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`gateway: ${signal}, draining`);
    gateway
      .drain(intEnv("GATEWAY_DRAIN_MS", 30_000, { invalid: "fallback" }))
      .then(closeGatewayPool)
      .then(() => metricsServer?.close())
      .then(flushTracing)
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error("gateway: drain failed", { err });
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err) => {
  logger.error(`gateway: failed to start: ${err instanceof Error ? err.message : String(err)}`, { err });
  process.exit(1);
});
