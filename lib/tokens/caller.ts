import type { WorkspaceScope } from "@/lib/core/scope";
import type { TokenProjectCaller } from "./resolve-token-project";

/** Who a token is created for, and in which workspace with which role: the scope's user. */
export function projectCaller(scope: WorkspaceScope): TokenProjectCaller {
  return { userId: scope.principal.userId, workspaceId: scope.workspace.id, workspaceRole: scope.workspaceRole };
}
