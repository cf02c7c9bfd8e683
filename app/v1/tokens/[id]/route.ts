import { withWorkspace } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { revokeToken } from "@/lib/tokens/revoke-token";

// DELETE /v1/tokens/{id} — revoke a token (your own; admins: any member's)
export const DELETE = withWorkspace(async (ctx) => revokeToken(ctx, parseWith(idParams, ctx.params).id), { action: "token.manage" });
