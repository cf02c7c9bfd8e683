import { db, type Tx } from "@/lib/db/client";
import { decryptSecret } from "@/lib/vault";
import { endpointSecretRef } from "./secret";

/**
 * The secrets a delivery is signed with at `now`, newest first: the current one, plus the
 * previous one while its rotation grace window is open. Decrypted only for the attempt.
 */
export async function signingSecrets(endpoint: { id: string; workspaceId: string }, now: Date, tx: Tx = db): Promise<string[]> {
  const row = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, select: { secret: true, previousSecret: true, previousSecretExpiresAt: true } });
  const secrets = [await decryptSecret(endpointSecretRef(endpoint.workspaceId, endpoint.id, "secret"), row.secret, tx)];
  if (row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now) {
    secrets.push(await decryptSecret(endpointSecretRef(endpoint.workspaceId, endpoint.id, "previousSecret"), row.previousSecret, tx));
  }
  return secrets;
}
