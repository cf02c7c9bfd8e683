import type { ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import type { UpdateWebhookBody, WebhookDto } from "@/lib/schemas/webhooks";
import { invalidUrl } from "./create-endpoint";
import { endpointUrlProblem } from "./endpoint-url";
import { getEndpointOrThrow } from "./find-endpoint";
import { auditView, endpointSelect, presentEndpoint } from "./present";

/**
 * Changes the URL, description, events or enabled flag. Enabling clears the reason and the
 * failure streak of an endpoint the platform disabled, so it gets a fresh three days.
 */
export async function updateEndpoint(scope: ActingScope, id: string, body: UpdateWebhookBody): Promise<WebhookDto> {
  if (body.url !== undefined) {
    const problem = await endpointUrlProblem(body.url);
    if (problem) throw invalidUrl(problem);
  }
  return db.$transaction(async (tx) => {
    const before = await getEndpointOrThrow(scope, id, tx);
    const after = await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: {
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.description !== undefined ? { description: body.description || null } : {}),
        ...(body.events !== undefined ? { events: body.events } : {}),
        ...(body.enabled === true ? { enabled: true, disabledReason: null, ...(before.enabled ? {} : { failingSince: null }) } : {}),
        ...(body.enabled === false ? { enabled: false } : {}),
      },
      select: endpointSelect,
    });
    await recordScopedAudit(scope, { action: "webhook.update", target: { type: "webhook_endpoint", id }, before: auditView(before), after: auditView(after) }, tx);
    return presentEndpoint(after);
  });
}
