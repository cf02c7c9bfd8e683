import { SCOPES } from "@/lib/authz/permissions";
import { issueToken } from "@/lib/tokens/issue-token";

type CreateTestTokenOptions = {
  userId: string;
  workspaceId: string;
  /** Defaults to every scope, so the token is limited by its owner's role only. */
  scopes?: string[];
  projectId?: string | null;
  expiresAt?: Date | null;
  name?: string;
  kind?: "personal" | "automation";
};

/**
 * A personal access token issued through the real lib function (hash + prefix stored,
 * value returned once). `token` is the `ar_pat_…` value for `Authorization: Bearer`;
 * `row` is the stored token without its hash. No policy checks and no audit entry: the
 * caller is responsible for the user being a member of the workspace.
 */
export async function createTestToken(opts: CreateTestTokenOptions) {
  return issueToken({
    userId: opts.userId,
    workspaceId: opts.workspaceId,
    name: opts.name ?? "test token",
    scopes: opts.scopes ?? [...SCOPES],
    projectId: opts.projectId ?? null,
    expiresAt: opts.expiresAt ?? null,
    kind: opts.kind ?? "personal",
  });
}

/** `{ Authorization: "Bearer …" }` for a token value. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
