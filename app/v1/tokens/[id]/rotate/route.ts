import { json, withWorkspace } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { rotateToken } from "@/lib/tokens/rotate-token";

// POST /v1/tokens/{id}/rotate — revoke a token and issue its successor (value shown once)
export const POST = withWorkspace(async (ctx) => json(await rotateToken(ctx, parseWith(idParams, ctx.params).id), 201), {
  action: "token.manage",
});
