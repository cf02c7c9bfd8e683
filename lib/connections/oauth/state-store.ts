import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { decryptSecret, encryptSecret, type SecretRef } from "@/lib/vault";
import type { OAuthProviderId } from "./providers";

// A pending authorization: only the SHA-256 of `state` is stored (the value travels through
// the browser), and the PKCE verifier is sealed in the vault, bound to this row.

const STATE_TTL_MS = 10 * 60 * 1000;

export type StatePayload = {
  codeVerifier: string;
  redirectUri: string;
  name: string;
  environment: "sandbox" | "production";
  scopeKeys: string[];
  scopes: string[];
};

export type PendingState = {
  id: string;
  workspaceId: string;
  projectId: string;
  userId: string;
  connectionId: string | null;
  provider: string;
  redirectTo: string | null;
  expiresAt: Date;
  usedAt: Date | null;
};

export const hashState = (state: string) => createHash("sha256").update(state, "utf8").digest("hex");

const payloadRef = (row: { id: string; workspaceId: string }): SecretRef => ({ workspaceId: row.workspaceId, table: "OAuthState", rowId: row.id, column: "payload" });

export async function createOAuthState(input: {
  state: string;
  workspaceId: string;
  projectId: string;
  userId: string;
  connectionId: string | null;
  provider: OAuthProviderId;
  redirectTo: string;
  payload: StatePayload;
}): Promise<{ id: string; expiresAt: Date }> {
  const id = newId("oauthState");
  const expiresAt = new Date(Date.now() + STATE_TTL_MS);
  const payload = await encryptSecret(payloadRef({ id, workspaceId: input.workspaceId }), JSON.stringify(input.payload));
  await db.oAuthState.create({
    data: {
      id,
      stateHash: hashState(input.state),
      workspaceId: input.workspaceId,
      projectId: input.projectId,
      userId: input.userId,
      connectionId: input.connectionId,
      provider: input.provider,
      payload,
      redirectTo: input.redirectTo,
      expiresAt,
    },
  });
  // Abandoned flows leave rows behind; sweep old ones while we are here.
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 24 * 60 * 60 * 1000) } } });
  return { id, expiresAt };
}

const pendingSelect = { id: true, workspaceId: true, projectId: true, userId: true, connectionId: true, provider: true, redirectTo: true, expiresAt: true, usedAt: true } as const;

/** The state row for a callback, used or not (the caller decides), or null. */
export async function findOAuthState(state: string, provider: OAuthProviderId): Promise<PendingState | null> {
  return db.oAuthState.findFirst({ where: { stateHash: hashState(state), provider }, select: pendingSelect });
}

/**
 * Marks the state used, exactly once: of two concurrent callbacks with the same state only
 * one gets the payload. Null when already used or expired.
 */
export async function consumeOAuthState(row: PendingState): Promise<StatePayload | null> {
  const now = new Date();
  const { count } = await db.oAuthState.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) return null;
  const sealed = await db.oAuthState.findUniqueOrThrow({ where: { id: row.id }, select: { payload: true } });
  return JSON.parse(await decryptSecret(payloadRef(row), sealed.payload)) as StatePayload;
}
