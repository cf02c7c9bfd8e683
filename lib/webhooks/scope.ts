import type { AuditActor } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/http/request-context";

/** What endpoint functions need: the tenant and project from the route, and who acts. */
export type WebhookScope = {
  workspace: { id: string };
  project: { id: string };
  actor: AuditActor;
  meta?: RequestMeta | null;
};
