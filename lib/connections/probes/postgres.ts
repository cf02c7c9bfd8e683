import pg from "pg";
import { resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import type { DbUrl } from "./connection-string";
import { fail, networkReason, ok, type ProbeResult } from "./result";

const PG_REASONS: Record<string, string> = {
  "28P01": "The database rejected the credentials (wrong user or password)",
  "28000": "The database rejected the credentials (the server does not allow this user from here)",
  "3D000": "The database named in the connection string does not exist",
  "53300": "The database has too many connections",
  "57P03": "The database is starting up or shutting down",
};

/** Connects to the checked address and runs `select 1`. */
export async function probePostgres(url: DbUrl, timeoutMs: number): Promise<ProbeResult> {
  let client: pg.Client | null = null;
  try {
    const { address } = await resolveAllowedHost(url.host);
    const sslmode = url.params.get("sslmode");
    const ssl = sslmode && sslmode !== "disable" ? { servername: url.host, rejectUnauthorized: sslmode === "verify-full" || sslmode === "verify-ca" } : undefined;
    client = new pg.Client({
      host: address,
      port: url.port ?? 5432,
      user: url.username || undefined,
      password: url.password,
      database: url.database || undefined,
      ssl,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      statement_timeout: timeoutMs,
      application_name: "agentruntime-connection-test",
    });
    client.on("error", () => {});
    await client.connect();
    await client.query("select 1");
    return ok;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && PG_REASONS[code]) return fail(PG_REASONS[code]);
    if ((err as Error).message?.includes("timeout")) return fail("The database did not answer in time");
    return networkReason(err, "Could not connect to the database");
  } finally {
    await client?.end().catch(() => {});
  }
}
