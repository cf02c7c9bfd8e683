import type { ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { CreateWebhookBody, WebhookWithSecretDto } from "@/lib/schemas/webhooks";
import { encryptSecret } from "@/lib/vault";
import { endpointUrlProblem } from "./endpoint-url";
import { auditView, endpointSelect, presentEndpoint } from "./present";
import { endpointSecretRef, generateSigningSecret, secretHint } from "./secret";

export const invalidUrl = (message: string) => new ApiError("invalid_request", "The request is invalid", { details: [{ path: "url", message }] });

/** Creates an endpoint with a new signing secret, returned this once and stored sealed. */
export async function createEndpoint(scope: ActingScope, body: CreateWebhookBody): Promise<WebhookWithSecretDto> {
  const problem = await endpointUrlProblem(body.url);
  if (problem) throw invalidUrl(problem);
  const id = newId("webhook");
  const workspaceId = scope.workspace.id;
  const projectId = scope.project.id;
  const secret = generateSigningSecret();
  return db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.create({
      data: {
        id,
        workspaceId,
        projectId,
        url: body.url,
        description: body.description || null,
        events: body.events,
        secret: await encryptSecret(endpointSecretRef(workspaceId, id, "secret"), secret, tx),
        secretHint: secretHint(secret),
        createdById: scope.actor.type === "user" || scope.actor.type === "token" ? scope.actor.userId : null,
      },
      select: endpointSelect,
    });
    await recordScopedAudit(scope, { action: "webhook.create", target: { type: "webhook_endpoint", id }, after: auditView(row) }, tx);
    return { ...presentEndpoint(row), secret };
  });
}
