import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage, type PageQuery } from "@/lib/core/pagination";
import type { InboundSubscriptionDto } from "@/lib/schemas/inbound";
import { getWorkflowOrThrow } from "@/lib/workflows/get-workflow";
import { presentSubscription, subscriptionSelect, tokenInfo } from "./present";
import type { InboundScope } from "./scope";

/** A workflow's subscriptions, newest first (the workflow must be in the scope's project). */
export async function listSubscriptions(
  scope: Pick<InboundScope, "workspace" | "project" | "origin">,
  workflowRef: string,
  q: PageQuery,
): Promise<{ data: InboundSubscriptionDto[]; nextCursor: string | null }> {
  const workflow = await getWorkflowOrThrow(scope, workflowRef);
  const rows = await db.inboundSubscription.findMany({
    where: { ...tenantWhere(scope), workflowId: workflow.id, ...cursorWhere(q) },
    ...pageArgs(q),
    select: subscriptionSelect,
  });
  const page = toPage(rows, q);
  const tokens = await tokenInfo(page.data);
  return { data: page.data.map((r) => presentSubscription(r, scope.origin, tokens.get(r.tokenId))), nextCursor: page.nextCursor };
}
