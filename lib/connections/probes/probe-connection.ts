import type { ApiKeyProvider } from "@/lib/schemas/connection-catalog";
import { egressTimeoutMs } from "@/lib/net/egress/address-policy";
import { probeApiKey } from "./api-key";
import { parseDbUrl } from "./connection-string";
import { checkServiceAccount } from "./firestore";
import { probeMongo } from "./mongodb";
import { probeMysql } from "./mysql";
import { probeNeo4j } from "./neo4j";
import { probePostgres } from "./postgres";
import { probeRedis } from "./redis";
import { fail, type ProbeResult } from "./result";
import { probeSqlite } from "./sqlite";
import { probeWhatsapp } from "./whatsapp";

type ProbeTarget = { type: string; provider: string; fields: Record<string, unknown> };

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Proves a secret works for a connection. Never throws and never puts the secret or an upstream body in the reason. */
export async function probeConnection(target: ProbeTarget, secret: string | null): Promise<ProbeResult> {
  const f = target.fields;
  const timeoutMs = egressTimeoutMs();
  if (target.type === "api_key") {
    if (!secret) return fail("The connection has no key");
    return probeApiKey(target.provider as ApiKeyProvider, { baseUrl: str(f.baseUrl), headerName: str(f.headerName), headerPrefix: str(f.headerPrefix), testPath: str(f.testPath) }, secret);
  }
  if (target.type === "whatsapp") return secret ? probeWhatsapp(f, secret) : fail("The connection has no access token");
  if (target.type !== "database") return fail("This connection type is tested through its OAuth flow");
  if (target.provider === "sqlite") return probeSqlite(str(f.path));
  if (!secret) return fail("The connection has no connection string");
  if (target.provider === "firestore") return checkServiceAccount(secret);
  if (target.provider === "mongodb") return probeMongo(secret, timeoutMs);
  const url = parseDbUrl(target.provider, secret);
  if (!url) return fail("The connection string is not a valid URL for this database");
  switch (target.provider) {
    case "postgres":
      return probePostgres(url, timeoutMs);
    case "mysql":
      return probeMysql(url, timeoutMs);
    case "redis":
      return probeRedis(url, timeoutMs);
    case "neo4j":
      return probeNeo4j(url, timeoutMs);
    default:
      return fail("Unknown database provider");
  }
}
