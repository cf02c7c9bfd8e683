import { consume, limit } from "@/lib/rate-limit/limiter";
import type { Principal } from "./principal";

// Per-credential API limit: each token and each console user gets its own bucket.
export async function enforceApiRateLimit(principal: Principal): Promise<Record<string, string>> {
  const spec = limit("api", 600, 60);
  const key = principal.type === "token" ? `tok:${principal.tokenId}` : `usr:${principal.userId}`;
  return consume(spec, key);
}
