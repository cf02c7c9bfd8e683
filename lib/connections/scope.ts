import type { AuditActor } from "@/lib/core/scope";
import type { RequestMeta } from "@/lib/core/scope";

/** What connection functions need: the tenant and project from the route, and who acts. */
export type ConnectionScope = {
  workspace: { id: string };
  project: { id: string };
  actor: AuditActor;
  meta?: RequestMeta | null;
};
