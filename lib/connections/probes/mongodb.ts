import { resolveSrv } from "node:dns/promises";
import { MongoClient } from "mongodb";
import { resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import { fail, networkReason, ok, type ProbeResult } from "./result";

/** The hosts a MongoDB URI names (several for a replica set; SRV targets for mongodb+srv). */
async function mongoHosts(uri: string): Promise<string[] | null> {
  const m = /^(mongodb(?:\+srv)?):\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri.trim());
  if (!m) return null;
  const hosts = m[2].split(",").map((h) => h.replace(/:\d+$/, "").replace(/^\[|\]$/g, ""));
  if (m[1] === "mongodb") return hosts;
  try {
    const records = await resolveSrv(`_mongodb._tcp.${hosts[0]}`);
    return records.map((r) => r.name);
  } catch {
    return [hosts[0]];
  }
}

/**
 * Checks every host against the egress policy, then lets the driver connect and run
 * `ping`. The driver resolves the names again itself (MongoDB has no per-host lookup hook).
 */
export async function probeMongo(uri: string, timeoutMs: number): Promise<ProbeResult> {
  const hosts = await mongoHosts(uri);
  if (!hosts?.length) return fail("The connection string is not a mongodb:// or mongodb+srv:// URL");
  let client: MongoClient | null = null;
  try {
    for (const h of hosts) await resolveAllowedHost(h);
    client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, socketTimeoutMS: timeoutMs, maxPoolSize: 1 });
    await client.connect();
    await client.db("admin").command({ ping: 1 });
    return ok;
  } catch (err) {
    const e = err as { code?: unknown; codeName?: unknown; name?: string };
    if (e.code === 18 || e.codeName === "AuthenticationFailed") return fail("The database rejected the credentials (wrong user or password)");
    if (e.name === "MongoServerSelectionError") return fail("Could not reach a MongoDB server in time");
    return networkReason(err, "Could not connect to the database");
  } finally {
    await client?.close().catch(() => {});
  }
}
