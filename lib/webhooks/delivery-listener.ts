import pg from "pg";
import { logger } from "@/lib/core/logger";
import { WEBHOOK_DELIVERIES_CHANNEL } from "./delivery-notice";

// One LISTEN connection per worker process on the deliveries channel. `onWake` runs for each
// notification and once after every (re)connect, since notifications sent while the connection
// was down are lost: the sweep it triggers finds whatever is due either way.

const MAX_BACKOFF_MS = 10_000;

export type DeliveryListener = { close(): Promise<void> };

export async function listenForDeliveries(onWake: () => void): Promise<DeliveryListener> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  let client: pg.Client | null = null;
  let closed = false;
  let backoff = 250;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString, keepAlive: true, application_name: "agentruntime-webhook-deliveries" });
    c.on("notification", (msg) => {
      if (msg.channel === WEBHOOK_DELIVERIES_CHANNEL) onWake();
    });
    c.on("error", (err) => lost(c, err));
    c.on("end", () => lost(c, null));
    try {
      await c.connect();
      await c.query(`LISTEN ${WEBHOOK_DELIVERIES_CHANNEL}`);
    } catch (err) {
      c.removeAllListeners();
      await c.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    backoff = 250;
  };

  const reconnectLater = () => {
    if (retry || closed) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(onWake, (err: unknown) => {
        logger.warn("webhook delivery listener reconnect failed", { err });
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        reconnectLater();
      });
    }, backoff);
    retry.unref();
  };

  function lost(c: pg.Client, err: Error | null): void {
    if (client !== c) return;
    client = null;
    c.removeAllListeners("notification");
    c.end().catch(() => undefined);
    if (closed) return;
    logger.warn("webhook delivery listener lost its connection; reconnecting", { err });
    reconnectLater();
  }

  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
