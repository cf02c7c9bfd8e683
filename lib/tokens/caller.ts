import type { WorkspaceContext } from "@/lib/api/with-auth";
import type { TokenProjectCaller } from "./resolve-token-project";

/** What token management needs from a request: who, in which workspace, with what rights. */
export type TokenCaller = Pick<WorkspaceContext, "principal" | "actor" | "meta" | "workspace" | "workspaceRole" | "can" | "authorize">;

export function projectCaller(caller: TokenCaller): TokenProjectCaller {
  return { userId: caller.principal.userId, workspaceId: caller.workspace.id, workspaceRole: caller.workspaceRole };
}
