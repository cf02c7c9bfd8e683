import { idParams, page } from "@/lib/schemas/common";
import { createdTokenResponse, createTokenBody, listTokensQuery, tokenResponse } from "@/lib/schemas/tokens";
import { registerOperation, type ApiRegistry } from "../registry";

export function registerTokenOperations(r: ApiRegistry): void {
  const Token = r.schema("Token", tokenResponse);
  const CreatedToken = r.schema("CreatedToken", createdTokenResponse);
  const tags = ["Tokens"];

  registerOperation(r, {
    method: "get",
    path: "/v1/tokens",
    operationId: "listTokens",
    summary: "List your personal access tokens in this workspace",
    description: "Newest first, revoked and expired ones included unless `status=active`. Admins (`member.update`) may pass `userId` to list a member's tokens. Values and hashes are never returned.",
    tags,
    auth: "workspace",
    action: "token.manage",
    query: listTokensQuery,
    responses: { 200: { description: "A page of tokens", schema: page(Token) } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/tokens",
    operationId: "createToken",
    summary: "Create a personal access token",
    description: "The value is returned once, in this response. A token can only create tokens whose scopes, project and expiry are within its own.",
    tags,
    auth: "workspace",
    action: "token.manage",
    body: createTokenBody,
    responses: { 201: { description: "The token, with its value", schema: CreatedToken } },
  });
  registerOperation(r, {
    method: "delete",
    path: "/v1/tokens/{id}",
    operationId: "revokeToken",
    summary: "Revoke a token",
    description: "Your own token, or (admins, `member.update`) any member's token in this workspace. The next request with it is a 401. Idempotent.",
    tags,
    auth: "workspace",
    action: "token.manage",
    params: idParams,
    responses: { 200: { description: "The revoked token", schema: Token } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/tokens/{id}/rotate",
    operationId: "rotateToken",
    summary: "Rotate a token",
    description: "Revokes the token and issues a successor with the same name, scopes, project and lifetime. The new value is returned once.",
    tags,
    auth: "workspace",
    action: "token.manage",
    params: idParams,
    errors: [409],
    responses: { 201: { description: "The new token, with its value", schema: CreatedToken } },
  });
}
