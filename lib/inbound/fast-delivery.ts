import { checkRunInput } from "@/lib/runs/start-run";
import { lastUseIsStale } from "@/lib/tokens/authenticate";
import { acceptDeliveryIfUnchanged } from "./accept-delivery";
import { authenticateDelivery } from "./authenticate-delivery";
import { deliveryTarget, type LoadedDelivery } from "./delivery-target";
import { parseDeliveryJson } from "./parse-delivery";

// The common case in ONE round trip. A subscription that accepted a delivery is remembered in
// this process (bounded): its rows as read then, their fingerprint (delivery-target.ts), the
// token hash presented and the decrypted signing secret. The next delivery with that token is
// judged in memory by the very same rules (authenticate-delivery.ts, the input schema, the
// balance and deletion state), then acknowledged by one statement that re-reads those rows and
// writes the log line and the job only if their fingerprint is unchanged. Anything else — a
// refusal, an Idempotency-Key, changed rows (a rotated secret, a disabled subscription, a
// revoked token, a demoted owner, a new version, an empty balance) — goes the usual way
// (receive-delivery.ts), which reads everything afresh and answers exactly as before.
// The secrets stay in this map: never logged, never returned.

export type KnownDelivery = LoadedDelivery & { tokenHash: string; secret: string };

const known = new Map<string, KnownDelivery>();
const MAX_KNOWN = 1000;

/** What a later delivery to this subscription with this token needs to skip the first read (right after it accepted one). */
export function rememberDelivery(entry: KnownDelivery): void {
  // Accepting it just recorded the token's use if it was due (tokenPrincipalOf): the row says so.
  const token = entry.access.token;
  if (token && lastUseIsStale(token)) token.lastUsedAt = new Date();
  known.delete(entry.sub.id);
  if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value!);
  known.set(entry.sub.id, entry);
}

export function forgetDelivery(subscriptionId: string): void {
  known.delete(subscriptionId);
}

/** The remembered subscription, if the same token is presented. */
export function knownDelivery(subscriptionId: string, tokenHash: string | null): KnownDelivery | null {
  const entry = known.get(subscriptionId);
  return entry && tokenHash !== null && entry.tokenHash === tokenHash ? entry : null;
}

/**
 * Acknowledges the delivery in one statement when the remembered rows allow it and are still
 * those in the database; null when it must go the usual way (nothing was written).
 */
export async function tryFastDelivery(entry: KnownDelivery, headers: Headers, body: Uint8Array): Promise<{ runId: string } | null> {
  const { sub, access } = entry;
  // The Idempotency-Key's stored answer commits in a transaction of its own.
  if (!sub.enabled || sub.pendingDeletion || !sub.hasCredits || headers.has("idempotency-key")) return null;
  const token = access.token;
  const recordsUse = token !== null && lastUseIsStale(token);
  const auth = await authenticateDelivery(sub, access, headers, body, entry.secret).catch(() => null);
  if (!auth?.ok) return null;
  // tokenPrincipalOf wrote this use: the remembered row says so, so the next minute's deliveries do not.
  if (recordsUse) token.lastUsedAt = new Date();
  let input: Record<string, unknown>;
  let versionNumber: number;
  try {
    input = parseDeliveryJson(body);
    const target = await deliveryTarget(sub);
    checkRunInput(target.inputSchema, input);
    versionNumber = target.versionNumber;
  } catch {
    return null;
  }
  const accepted = await acceptDeliveryIfUnchanged(
    sub,
    { versionNumber, input, startedById: auth.principal.userId, startedByTokenId: auth.principal.tokenId },
    { subscriptionId: sub.id, tokenHash: entry.tokenHash, fingerprint: entry.fingerprint },
  );
  if (!accepted) forgetDelivery(sub.id);
  return accepted;
}
