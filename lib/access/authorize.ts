import { decide, type Action, type Grant } from "@/lib/authz/permissions";
import { ApiError } from "@/lib/core/errors";
import type { ProjectRole, WorkspaceScope } from "@/lib/core/scope";

// The permission table (lib/authz) asked about a scope: the caller's role in its workspace,
// in a project, and — for a token — its scopes. Every caller asks the same question: the API
// route wrappers, domain functions with conditional rules, the console.

/** What the scope's caller holds: its roles and, for a token, its scopes. */
export function grantOf(scope: Pick<WorkspaceScope, "workspaceRole" | "principal">, projectRole?: ProjectRole | null): Grant {
  return { workspaceRole: scope.workspaceRole, projectRole, scopes: scope.principal.scopes ?? null };
}

/** May the scope's caller do `action` (in a project where its role is `projectRole`)? */
export function canIn(scope: Pick<WorkspaceScope, "workspaceRole" | "principal">, action: Action, projectRole?: ProjectRole | null): boolean {
  return decide(grantOf(scope, projectRole), action).allowed;
}

/** Throws the API's 403 (insufficient_scope for a token lacking the scope); an error inside the check denies too. */
export function authorizeIn(scope: Pick<WorkspaceScope, "workspaceRole" | "principal">, action: Action, projectRole?: ProjectRole | null): void {
  let decision;
  try {
    decision = decide(grantOf(scope, projectRole), action);
  } catch {
    decision = { allowed: false as const, reason: "forbidden" as const };
  }
  if (decision.allowed) return;
  throw decision.reason === "insufficient_scope"
    ? new ApiError("insufficient_scope", `This token lacks the scope required for ${action}`, { denial: { attempted: action } })
    : new ApiError("forbidden", `Your role does not allow ${action}`, { denial: { attempted: action } });
}
