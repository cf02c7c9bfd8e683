import type { AuditActor } from "@/lib/core/scope";
import type { WorkspaceRole } from "@/lib/core/scope";
import type { RequestMeta } from "@/lib/core/scope";

// What tenancy functions need to know about the caller. The API's WorkspaceContext satisfies
// it as is; the console builds one from the signed-in user and the workspace it shows.
export type Caller = {
  actor: AuditActor;
  meta?: RequestMeta | null;
  /** A token restricted to one project carries its id; sessions carry none. */
  principal: { type: "session" | "token"; userId: string; projectId?: string | null };
};

export type WorkspaceScope = Caller & {
  workspace: { id: string; slug: string; name: string };
  workspaceRole: WorkspaceRole;
};

/** The audit actor of a user acting from the console (server components, server actions). */
export function consoleCaller(userId: string, meta?: RequestMeta | null): Caller {
  return { actor: { type: "user", userId }, meta: meta ?? null, principal: { type: "session", userId } };
}
