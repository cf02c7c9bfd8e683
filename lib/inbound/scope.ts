import type { AuditActor } from "@/lib/core/scope";
import type { RequestMeta } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { publicOrigin, subscriptionSelect, type SubscriptionRow } from "./present";

/** What the management functions need: tenant and project from the route, who acts, the public origin. */
export type InboundScope = {
  workspace: { id: string };
  project: { id: string };
  actor: AuditActor;
  meta?: RequestMeta | null;
  /** Base of the ingress URLs shown to the caller. */
  origin: string;
};

/** A subscription of the scope's project; another project's or tenant's id is simply not found. */
export async function getSubscriptionOrThrow(scope: Pick<InboundScope, "workspace" | "project">, id: string, tx: Tx = db): Promise<SubscriptionRow> {
  const row = await tx.inboundSubscription.findFirst({
    where: { id, workspaceId: scope.workspace.id, projectId: scope.project.id },
    select: subscriptionSelect,
  });
  if (!row) throw notFound("Inbound subscription");
  return row;
}

/** The scope of a /v1 route's context (withProject), with the origin its URLs are built on. */
export function inboundScope(ctx: { workspace: { id: string }; project: { id: string }; actor: AuditActor; meta: RequestMeta; req: Request }): InboundScope {
  return { workspace: ctx.workspace, project: ctx.project, actor: ctx.actor, meta: ctx.meta, origin: publicOrigin(ctx.req) };
}
