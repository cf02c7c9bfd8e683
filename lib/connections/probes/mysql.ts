import mysql from "mysql2/promise";
import { resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import type { DbUrl } from "./connection-string";
import { fail, networkReason, ok, type ProbeResult } from "./result";

const MYSQL_REASONS: Record<string, string> = {
  ER_ACCESS_DENIED_ERROR: "The database rejected the credentials (wrong user or password)",
  ER_DBACCESS_DENIED_ERROR: "The user may not access that database",
  ER_BAD_DB_ERROR: "The database named in the connection string does not exist",
  ER_HOST_NOT_PRIVILEGED: "The server does not allow connections from here",
};

export async function probeMysql(url: DbUrl, timeoutMs: number): Promise<ProbeResult> {
  let conn: mysql.Connection | null = null;
  try {
    const { address } = await resolveAllowedHost(url.host);
    const sslMode = url.params.get("ssl-mode") ?? url.params.get("sslmode");
    conn = await mysql.createConnection({
      host: address,
      port: url.port ?? 3306,
      user: url.username || undefined,
      password: url.password,
      database: url.database || undefined,
      connectTimeout: timeoutMs,
      ssl: sslMode && !/^disabled?$/i.test(sslMode) ? { rejectUnauthorized: /^verify/i.test(sslMode) } : undefined,
    });
    await conn.query({ sql: "select 1", timeout: timeoutMs });
    return ok;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && MYSQL_REASONS[code]) return fail(MYSQL_REASONS[code]);
    return networkReason(err, "Could not connect to the database");
  } finally {
    await conn?.end().catch(() => {});
  }
}
