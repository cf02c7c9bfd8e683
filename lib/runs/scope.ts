import type { AuditActor } from "@/lib/core/scope";
import type { ProjectRole } from "@/lib/core/scope";
import type { RequestMeta } from "@/lib/core/scope";

/** What run and approval functions need from the route: the tenant and project, and who acts. */
export type RunScope = { workspace: { id: string }; project: { id: string } };

export type RunActorScope = RunScope & {
  actor: AuditActor;
  meta?: RequestMeta | null;
  /** The caller as a user (sessions and tokens both act for one) and, for tokens, the token. */
  principal: { type: "session" | "token"; userId: string; tokenId?: string };
  projectRole: ProjectRole;
};
