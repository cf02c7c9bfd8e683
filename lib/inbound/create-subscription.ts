import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { forbidden } from "@/lib/core/errors";
import { recordScopedAudit } from "@/lib/audit/record";
import type { CreateInboundSubscriptionBody, CreatedInboundSubscriptionDto } from "@/lib/schemas/inbound";
import { issueToken } from "@/lib/tokens/issue-token";
import { encryptSecret } from "@/lib/vault";
import { getWorkflowOrThrow } from "@/lib/workflows/get-workflow";
import { auditView, generateSigningSecret, presentSubscription, secretHint, signingSecretRef, subscriptionSelect } from "./present";
import { actorUserId } from "@/lib/audit/record";
import type { InboundScope } from "./scope";

/** The only scope an inbound token needs: starting runs, in this one project. */
const INBOUND_TOKEN_SCOPES = ["workflow:run"];

/**
 * Creates a subscription for a workflow of the project: a fresh signing secret (sealed in the
 * vault) and an automation token bound to it, both returned once. Token, row and audit entry
 * commit together, so a failure leaves no orphan token.
 */
export async function createSubscription(scope: InboundScope, workflowRef: string, body: CreateInboundSubscriptionBody): Promise<CreatedInboundSubscriptionDto> {
  const workspaceId = scope.workspace.id;
  const projectId = scope.project.id;
  const userId = actorUserId(scope.actor);
  if (!userId) throw forbidden("Inbound subscriptions are created by a user or a user's token");
  const workflow = await getWorkflowOrThrow(scope, workflowRef);
  const id = newId("inboundSubscription");
  const signingSecret = generateSigningSecret();
  return db.$transaction(async (tx) => {
    const { token, row: tokenRow } = await issueToken(
      { userId, workspaceId, projectId, name: `Inbound webhook ${id}`, scopes: INBOUND_TOKEN_SCOPES, kind: "automation" },
      tx,
    );
    const row = await tx.inboundSubscription.create({
      data: {
        id,
        workspaceId,
        projectId,
        workflowId: workflow.id,
        name: body.name ?? null,
        signingSecret: await encryptSecret(signingSecretRef(workspaceId, id), signingSecret, tx),
        secretHint: secretHint(signingSecret),
        tokenId: tokenRow.id,
        createdById: userId,
      },
      select: subscriptionSelect,
    });
    await recordScopedAudit(scope, { action: "inbound_subscription.create", target: { type: "inbound_subscription", id }, after: auditView(row) }, tx);
    const dto = presentSubscription(row, scope.origin, { id: tokenRow.id, prefix: tokenRow.prefix, revokedAt: null });
    return { ...dto, signingSecret, token };
  });
}
