import type { ActingScope } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { encryptSecret } from "@/lib/vault";
import { getConnectionOrThrow } from "./find-connection";
import { auditView, connectionSecretRef, connectionSelect, presentConnection, secretHint } from "./present";
import { probeConnection } from "./probes/probe-connection";
import { consumeProbe } from "./probe-limit";
import { validateDatabaseSecret } from "./validate-secret";

/**
 * Rotation as the docs describe it: the new secret is held as pending (in this request
 * only, never stored unvalidated), proven with the identity or test call, and only then
 * swapped in (secretVersion + 1) while the old one is retired. If the proof fails the old
 * secret stays active and the caller gets a 422 with the reason.
 */
export async function rotateConnection(scope: ActingScope, id: string, newSecret: string): Promise<ConnectionDto & { rotated: true }> {
  const current = await getConnectionOrThrow(scope, id);
  await consumeProbe(scope.project.id);
  if (current.type === "oauth2") throw new ApiError("invalid_request", "OAuth connections get new tokens through Reconnect, not rotation");
  if (current.type === "database") validateDatabaseSecret(current.provider, newSecret, current.config as { path?: string });
  const audit = (action: string, after: unknown, metadata: Record<string, unknown>, tx: Tx = db) =>
    recordScopedAudit(scope, { action, target: { type: "connection", id }, before: auditView(current), after, metadata }, tx);

  const result = await probeConnection({ type: current.type, provider: current.provider, fields: current.config as Record<string, unknown> }, newSecret);
  if (!result.ok) {
    await audit("connection.rotate_rejected", null, { reason: result.reason, secretVersion: current.secretVersion });
    throw new ApiError("invalid_request", `The new secret was not accepted, so the current one stays active: ${result.reason}`, {
      details: [{ path: "secret", message: result.reason }],
    });
  }

  return db.$transaction(async (tx) => {
    const swapped = await tx.connection.updateMany({
      // Compare-and-swap on the version: two rotations at once cannot both retire the same secret.
      where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id, secretVersion: current.secretVersion },
      data: {
        secret: await encryptSecret(connectionSecretRef(scope.workspace.id, id), newSecret, tx),
        secretVersion: current.secretVersion + 1,
        secretHint: secretHint(current.type, current.provider, newSecret),
        status: "active",
        statusReason: null,
        lastValidatedAt: new Date(),
      },
    });
    if (swapped.count !== 1) throw new ApiError("conflict", "The connection changed while rotating; try again");
    await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
    const after = await tx.connection.findFirstOrThrow({ where: { id }, select: connectionSelect });
    await audit("connection.rotate", auditView(after), { fromVersion: current.secretVersion, toVersion: after.secretVersion }, tx);
    return { ...presentConnection(after), rotated: true as const };
  });
}
