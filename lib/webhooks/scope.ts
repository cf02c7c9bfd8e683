import type { AuditActor } from "@/lib/core/scope";
import type { RequestMeta } from "@/lib/core/scope";

/** What endpoint functions need: the tenant and project from the route, and who acts. */
export type WebhookScope = {
  workspace: { id: string };
  project: { id: string };
  actor: AuditActor;
  meta?: RequestMeta | null;
};
