// The gateway process (`npm run gateway`; `npm start` runs one beside the web app and the
// worker). Agent traffic only: ingress, the LLM endpoint. Listens on GATEWAY_PORT (3001).
import { logger } from "@/lib/core/logger";
import { intEnv } from "@/lib/core/env";
import { gatewayPort } from "@/lib/agents/gateway-url";
import { closeGatewayPool } from "./db";
import { createGateway } from "./server";

async function main(): Promise<void> {
  const gateway = await createGateway();
  const port = gatewayPort();
  const host = process.env.GATEWAY_HOST ?? "0.0.0.0";
  await new Promise<void>((resolve) => gateway.server.listen(port, host, resolve));
  logger.info(`gateway listening on ${host}:${port}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`gateway: ${signal}, draining`);
    gateway
      .drain(intEnv("GATEWAY_DRAIN_MS", 30_000, { invalid: "fallback" }))
      .then(closeGatewayPool)
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
  logger.error("gateway: failed to start", { err });
  process.exit(1);
});
