import { ApiError } from "@/lib/core/errors";
import { resolveProject, resolveWorkspace } from "@/lib/access/tenancy";
import { decide } from "@/lib/authz/permissions";
import type { TokenPrincipal } from "@/lib/access/principal";
import { authenticatePat } from "@/lib/tokens/authenticate";
import { decryptSecret } from "@/lib/vault";
import { INBOUND_SIGNATURE_HEADER, verifyInboundSignature } from "@/lib/webhooks/inbound-signature";
import { signingSecretRef } from "./present";

type DeliveryAuth = { ok: true; principal: TokenPrincipal } | { ok: false; reason: "bad_token" | "bad_signature" };

type Sub = { id: string; workspaceId: string; projectId: string; tokenId: string; signingSecret: Uint8Array };

/** Only credential failures become 401s; anything else (a database outage) stays an error. */
async function patOrNull(token: string): Promise<TokenPrincipal | null> {
  try {
    return await authenticatePat(token, { kinds: ["automation"] });
  } catch (err) {
    if (err instanceof ApiError && err.code === "unauthorized") return null;
    throw err;
  }
}

/** The token's rights are its scope ∩ its owner's current role: a removed or demoted owner stops the subscription. */
async function ownerMayStartRuns(principal: TokenPrincipal, projectId: string): Promise<boolean> {
  try {
    const access = await resolveWorkspace(principal, null);
    const { projectRole } = await resolveProject(principal, access, projectId);
    return decide({ workspaceRole: access.workspaceRole, projectRole, scopes: principal.scopes }, "run.start").allowed;
  } catch (err) {
    if (err instanceof ApiError) return false;
    throw err;
  }
}

/**
 * Checks a delivery's credentials: `Authorization: Bearer` must be the automation token
 * bound to this subscription (live, its owner still allowed to start runs), and
 * X-Agentruntime-Signature must be the HMAC of the raw bytes under the subscription's secret.
 * The reason is for the subscription's own delivery log; the sender only ever sees one 401.
 */
export async function authenticateDelivery(sub: Sub, headers: Headers, body: Uint8Array): Promise<DeliveryAuth> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  const principal = match ? await patOrNull(match[1]) : null;
  if (!principal || principal.tokenId !== sub.tokenId || principal.workspaceId !== sub.workspaceId || principal.projectId !== sub.projectId) {
    return { ok: false, reason: "bad_token" };
  }
  const secret = await decryptSecret(signingSecretRef(sub.workspaceId, sub.id), sub.signingSecret);
  if (!verifyInboundSignature(secret, body, headers.get(INBOUND_SIGNATURE_HEADER))) return { ok: false, reason: "bad_signature" };
  if (!(await ownerMayStartRuns(principal, sub.projectId))) return { ok: false, reason: "bad_token" };
  return { ok: true, principal };
}
