import { idParams, page } from "@/lib/schemas/common";
import { createdTokenResponse, createTokenBody, listTokensQuery, tokenResponse } from "@/lib/schemas/tokens";
import { createToken as create } from "@/lib/tokens/create-token";
import { listTokens as list } from "@/lib/tokens/list-tokens";
import { revokeToken as revoke } from "@/lib/tokens/revoke-token";
import { rotateToken as rotate } from "@/lib/tokens/rotate-token";
import { defineResource } from "./define";

export const tokens = defineResource({ tags: ["Tokens"], auth: "workspace", action: "token.manage", components: { Token: tokenResponse, CreatedToken: createdTokenResponse } }, (op) => ({
  listTokens: op({
    route: "GET /v1/tokens",
    summary: "List your personal access tokens in this workspace",
    description: "Newest first, revoked and expired ones included unless `status=active`. Admins (`member.update`) may pass `userId` to list a member's tokens. Values and hashes are never returned.",
    query: listTokensQuery,
    responses: { 200: { description: "A page of tokens", schema: (c) => page(c.Token) } },
    handler: async (ctx, { query }) => list(ctx, query),
  }),

  createToken: op({
    route: "POST /v1/tokens",
    summary: "Create a personal access token",
    description: "The value is returned once, in this response. A token can only create tokens whose scopes, project and expiry are within its own.",
    body: createTokenBody,
    responses: { 201: { description: "The token, with its value", schema: (c) => c.CreatedToken } },
    handler: async (ctx, { body }) => create(ctx, body),
  }),

  revokeToken: op({
    route: "DELETE /v1/tokens/{id}",
    summary: "Revoke a token",
    description: "Your own token, or (admins, `member.update`) any member's token in this workspace. The next request with it is a 401. Idempotent.",
    params: idParams,
    responses: { 200: { description: "The revoked token", schema: (c) => c.Token } },
    handler: async (ctx, { params }) => revoke(ctx, params.id),
  }),

  rotateToken: op({
    route: "POST /v1/tokens/{id}/rotate",
    summary: "Rotate a token",
    description: "Revokes the token and issues a successor with the same name, scopes, project and lifetime. The new value is returned once.",
    params: idParams,
    errors: [409],
    responses: { 201: { description: "The new token, with its value", schema: (c) => c.CreatedToken } },
    handler: async (ctx, { params }) => rotate(ctx, params.id),
  }),
}));
