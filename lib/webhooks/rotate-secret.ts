import type { ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import type { WebhookWithSecretDto } from "@/lib/schemas/webhooks";
import { decryptSecret, encryptSecret } from "@/lib/vault";
import { webhookConfig } from "./config";
import { getEndpointOrThrow } from "./find-endpoint";
import { endpointSelect, presentEndpoint } from "./present";
import { endpointSecretRef, generateSigningSecret, secretHint } from "./secret";

/**
 * Replaces the signing secret and returns the new one, once. For `graceSeconds` (default
 * WEBHOOK_ROTATION_GRACE_SECONDS) deliveries carry the old secret's signature too, so
 * receivers can switch without dropping events. Rotating again inside a grace window keeps
 * only the secret being replaced as the previous one.
 */
export async function rotateEndpointSecret(scope: ActingScope, id: string, opts: { graceSeconds?: number } = {}, now = new Date()): Promise<WebhookWithSecretDto> {
  const graceSeconds = opts.graceSeconds ?? webhookConfig.rotationGraceSeconds();
  const workspaceId = scope.workspace.id;
  return db.$transaction(async (tx) => {
    await getEndpointOrThrow(scope, id, tx);
    // Two rotations at once must not both read the same "current" secret.
    await tx.$queryRaw`SELECT 1 AS locked FROM "WebhookEndpoint" WHERE id = ${id} FOR UPDATE`;
    const sealed = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { secret: true } });
    const current = await decryptSecret(endpointSecretRef(workspaceId, id, "secret"), sealed.secret, tx);
    const next = generateSigningSecret();
    const grace = graceSeconds > 0;
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        secret: await encryptSecret(endpointSecretRef(workspaceId, id, "secret"), next, tx),
        secretHint: secretHint(next),
        previousSecret: grace ? await encryptSecret(endpointSecretRef(workspaceId, id, "previousSecret"), current, tx) : null,
        previousSecretExpiresAt: grace ? new Date(now.getTime() + graceSeconds * 1000) : null,
      },
      select: endpointSelect,
    });
    await recordScopedAudit(scope, { action: "webhook.rotate_secret", target: { type: "webhook_endpoint", id }, metadata: { graceSeconds, previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null } }, tx);
    return { ...presentEndpoint(row, now), secret: next };
  });
}
