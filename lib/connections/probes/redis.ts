import { Redis } from "ioredis";
import { resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import type { DbUrl } from "./connection-string";
import { fail, networkReason, ok, type ProbeResult } from "./result";

/** Connects once (no retries, no offline queue) to the checked address and sends PING. */
export async function probeRedis(url: DbUrl, timeoutMs: number): Promise<ProbeResult> {
  let client: Redis | null = null;
  // ioredis rejects connect() with a generic "Connection is closed"; the socket error says why.
  let socketError: unknown = null;
  try {
    const { address } = await resolveAllowedHost(url.host);
    const db = Number(url.database || 0);
    client = new Redis({
      host: address,
      port: url.port ?? 6379,
      username: url.username || undefined,
      password: url.password || undefined,
      db: Number.isInteger(db) ? db : 0,
      tls: url.protocol === "rediss:" ? { servername: url.host } : undefined,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", (e) => (socketError = e));
    await client.connect();
    const pong = await client.ping();
    return pong === "PONG" ? ok : fail("The server did not answer PING like Redis");
  } catch (err) {
    const message = [err, socketError].map((e) => String((e as Error | null)?.message ?? "")).join(" ");
    if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(message)) return fail("The database rejected the credentials (wrong user or password)");
    if (/timeout|timed out/i.test(message)) return fail("The database did not answer in time");
    return networkReason(socketError ?? err, "Could not connect to the database");
  } finally {
    client?.disconnect();
  }
}
