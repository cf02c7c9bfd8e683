import neo4j, { type Driver } from "neo4j-driver";
import { resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import type { DbUrl } from "./connection-string";
import { fail, networkReason, ok, type ProbeResult } from "./result";

/** Checks the host, pins the driver's address resolution to it, and verifies connectivity and auth. */
export async function probeNeo4j(url: DbUrl, timeoutMs: number): Promise<ProbeResult> {
  let driver: Driver | null = null;
  try {
    const { address, family } = await resolveAllowedHost(url.host);
    const port = url.port ?? 7687;
    const pinned = `${family === 6 ? `[${address}]` : address}:${port}`;
    const target = `${url.protocol}//${url.host.includes(":") ? `[${url.host}]` : url.host}:${port}`;
    driver = neo4j.driver(target, neo4j.auth.basic(url.username, url.password), {
      connectionTimeout: timeoutMs,
      connectionAcquisitionTimeout: timeoutMs,
      maxConnectionPoolSize: 1,
      resolver: () => [pinned],
      logging: { level: "error", logger: () => {} },
    });
    await driver.verifyAuthentication();
    return ok;
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? "");
    if (code.startsWith("Neo.ClientError.Security")) return fail("The database rejected the credentials (wrong user or password)");
    if (code === "ServiceUnavailable") return fail("Could not reach the Neo4j server");
    return networkReason(err, "Could not connect to the database");
  } finally {
    await driver?.close().catch(() => {});
  }
}
