import { positiveEnv } from "@/lib/core/env";
import { Resolver } from "node:dns/promises";
import { logger } from "@/lib/core/logger";

// DNS_RESOLVER: comma-separated servers ("127.0.0.1:5353", "[::1]:53") instead of the system's;
// DNS_TIMEOUT_MS: per-attempt timeout. Lookups never hang a request for long.
function resolver(): Resolver {
  const timeout = positiveEnv("DNS_TIMEOUT_MS", 2500);
  const r = new Resolver({ timeout: Number.isFinite(timeout) && timeout > 0 ? timeout : 2500, tries: 2 });
  const servers = process.env.DNS_RESOLVER?.split(",").map((s) => s.trim()).filter(Boolean);
  if (servers?.length) r.setServers(servers);
  return r;
}

// "No such name/record" and transport failures alike mean we could not see the record.
const NOT_FOUND_CODES = new Set(["ENODATA", "ENOTFOUND", "ETIMEOUT", "ESERVFAIL", "ECONNREFUSED", "EREFUSED", "ENONAME", "EBADRESP", "ECANCELLED"]);

/** The TXT values at `name` (each record's chunks joined), or [] when there are none or DNS fails. */
export async function lookupTxt(name: string): Promise<string[]> {
  try {
    const records = await resolver().resolveTxt(name);
    return records.map((chunks) => chunks.join(""));
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    if (!NOT_FOUND_CODES.has(code)) logger.warn("TXT lookup failed", { name, code, err });
    return [];
  }
}
