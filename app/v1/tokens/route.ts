import { json, withWorkspace } from "@/lib/api/with-auth";
import { parseJson, parseQuery } from "@/lib/api/body";
import { createTokenBody, listTokensQuery } from "@/lib/schemas/tokens";
import { createToken } from "@/lib/tokens/create-token";
import { listTokens } from "@/lib/tokens/list-tokens";

// GET /v1/tokens — the caller's personal tokens in this workspace (admins: ?userId=)
export const GET = withWorkspace(async (ctx) => listTokens(ctx, parseQuery(ctx.req, listTokensQuery)), { action: "token.manage" });

// POST /v1/tokens — create a personal token; the value is in this response only
export const POST = withWorkspace(async (ctx) => json(await createToken(ctx, await parseJson(ctx.req, createTokenBody)), 201), {
  action: "token.manage",
});
