import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { displayPrefix, generateToken, hashToken } from "./format";
import { tokenSelect, type TokenRow } from "./token-view";

type IssueTokenInput = {
  userId: string;
  workspaceId: string;
  name: string;
  scopes: string[];
  projectId?: string | null;
  expiresAt?: Date | null;
  kind?: "personal" | "automation";
};

/**
 * Generates a value and stores only its SHA-256 and display prefix. The value exists in
 * memory only, and is returned to be shown once. No policy checks: callers (createToken,
 * rotateToken, test factories) decide what may be issued.
 */
export async function issueToken(input: IssueTokenInput, tx: Tx = db): Promise<{ token: string; row: TokenRow }> {
  const token = generateToken("pat");
  const row = await tx.apiToken.create({
    data: {
      id: newId("token"),
      workspaceId: input.workspaceId,
      userId: input.userId,
      projectId: input.projectId ?? null,
      name: input.name,
      kind: input.kind ?? "personal",
      scopes: input.scopes,
      tokenHash: hashToken(token),
      prefix: displayPrefix(token),
      expiresAt: input.expiresAt ?? null,
    },
    select: tokenSelect,
  });
  return { token, row };
}
