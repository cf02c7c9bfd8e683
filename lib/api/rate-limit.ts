import { limit } from "@/lib/rate-limit/limiter";
import { consumeAll } from "@/lib/rate-limit/consume-all";
import type { Principal } from "@/lib/access/principal";

// API limits, each overridable through AR_RL_<NAME>_POINTS/_SECONDS. A per-token bucket alone
// could be multiplied by minting tokens, so every call also counts against its user and, for
// tokens (which carry their workspace), against the workspace. Console sessions count per user:
// their workspace is only known after this check, and one person's clicks are bounded anyway.
// Checked on every request, so checked in this process's memory and shared with the other
// instances through PostgreSQL in the background (Redis when REDIS_URL is set): see
// lib/rate-limit/shared-counters.ts.
const apiLimits = {
  credential: () => limit("api", 600, 60, { perProcess: true }),
  user: () => limit("api_user", 1200, 60, { perProcess: true }),
  workspace: () => limit("api_workspace", 3000, 60, { perProcess: true }),
};

/** Charges every bucket of the principal; 429 (with Retry-After) from the first exhausted one. */
export async function enforceApiRateLimit(principal: Principal): Promise<Record<string, string>> {
  if (principal.type !== "token") {
    return consumeAll([
      [apiLimits.credential(), `usr:${principal.userId}`],
      [apiLimits.user(), `usr:${principal.userId}`],
    ]);
  }
  return consumeAll([
    [apiLimits.credential(), `tok:${principal.tokenId}`],
    [apiLimits.user(), `usr:${principal.userId}`],
    [apiLimits.workspace(), `ws:${principal.workspaceId}`],
  ]);
}
