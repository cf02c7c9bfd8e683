import { tenantWhere, type ActingScope, type TenantRef } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { publicOrigin } from "@/lib/core/public-origin";
import { subscriptionSelect, type SubscriptionRow } from "./present";

/** A caller acting on its project's subscriptions, with the base of the ingress URLs shown to it. */
export type InboundScope = ActingScope & { origin: string };

/** A subscription of the scope's project; another project's or tenant's id is simply not found. */
export async function getSubscriptionOrThrow(scope: TenantRef, id: string, tx: Tx = db): Promise<SubscriptionRow> {
  const row = await tx.inboundSubscription.findFirst({
    where: { id, ...tenantWhere(scope) },
    select: subscriptionSelect,
  });
  if (!row) throw notFound("Inbound subscription");
  return row;
}

/** The scope of a caller, with the origin its URLs are built on (APP_URL, else the request's). */
export function inboundScope(scope: ActingScope): InboundScope {
  return { workspace: scope.workspace, project: scope.project, actor: scope.actor, meta: scope.meta, origin: publicOrigin(scope.meta) };
}
