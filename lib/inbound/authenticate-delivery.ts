import { ApiError } from "@/lib/core/errors";
import type { AccessRows } from "@/lib/access/load-access";
import { projectAccessOf, projectKeyOf, workspaceAccessOf } from "@/lib/access/tenancy";
import { decide } from "@/lib/authz/permissions";
import type { TokenPrincipal } from "@/lib/access/principal";
import { patHashOrThrow, tokenPrincipalOf } from "@/lib/tokens/authenticate";
import { decryptSecret } from "@/lib/vault";
import { INBOUND_SIGNATURE_HEADER, verifyInboundSignature } from "@/lib/webhooks/inbound-signature";
import { signingSecretRef } from "./present";

/** `secret`: the subscription's signing secret, as decrypted (kept for the fast path: fast-delivery.ts). */
type DeliveryAuth = { ok: true; principal: TokenPrincipal; secret: string } | { ok: false; reason: "bad_token" | "bad_signature" };

type Sub = { id: string; workspaceId: string; projectId: string; tokenId: string; signingSecret: Uint8Array };

/** Only credential failures become 401s; anything else (a pending deletion, a database outage) stays an error. */
function orNullIfUnauthorized<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ApiError && err.code === "unauthorized") return null;
    throw err;
  }
}

/** The token's rights are its scope ∩ its owner's current role: a removed or demoted owner stops the subscription. */
function ownerMayStartRuns(principal: TokenPrincipal, projectId: string, rows: AccessRows): boolean {
  try {
    const access = workspaceAccessOf(rows.membership);
    const { projectRole } = projectAccessOf(access, projectKeyOf(principal, projectId).restricted, rows.project);
    return decide({ workspaceRole: access.workspaceRole, projectRole, scopes: principal.scopes }, "run.start").allowed;
  } catch (err) {
    if (err instanceof ApiError) return false;
    throw err;
  }
}

/** The presented `Authorization: Bearer` token's hash; null when absent or malformed (rejected before any lookup). */
export function deliveryTokenHash(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match ? orNullIfUnauthorized(() => patHashOrThrow(match[1])) : null;
}

/**
 * Checks a delivery's credentials: `Authorization: Bearer` must be the automation token
 * bound to this subscription (live, its owner still allowed to start runs), and
 * X-Agentruntime-Signature must be the HMAC of the raw bytes under the subscription's secret.
 * `rows` are the token's, its owner's membership and role in the subscription's project, read
 * with the subscription (delivery-target.ts) by the statement the API uses, never cached.
 * The reason is for the subscription's own delivery log; the sender only ever sees one 401.
 * `knownSecret`: the plaintext of `sub.signingSecret`, already decrypted.
 */
export async function authenticateDelivery(sub: Sub, rows: AccessRows, headers: Headers, body: Uint8Array, knownSecret?: string): Promise<DeliveryAuth> {
  const principal = orNullIfUnauthorized(() => tokenPrincipalOf(rows.token, ["automation"]));
  if (!principal || principal.tokenId !== sub.tokenId || principal.workspaceId !== sub.workspaceId || principal.projectId !== sub.projectId) {
    return { ok: false, reason: "bad_token" };
  }
  const secret = knownSecret ?? (await decryptSecret(signingSecretRef(sub.workspaceId, sub.id), sub.signingSecret));
  if (!verifyInboundSignature(secret, body, headers.get(INBOUND_SIGNATURE_HEADER))) return { ok: false, reason: "bad_signature" };
  if (!ownerMayStartRuns(principal, sub.projectId, rows)) return { ok: false, reason: "bad_token" };
  return { ok: true, principal, secret };
}
