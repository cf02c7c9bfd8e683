import { z } from "zod";
import { accountDeletion, deletionCertificate as certificate, meResponse } from "@/lib/schemas/me";
import { getMe as caller } from "@/lib/me/get-me";
import { cancelAccountDeletion, getAccountDeletion, requestAccountDeletion } from "@/lib/lifecycle/account/request-account-deletion";
import { listDeletionCertificates } from "@/lib/lifecycle/list-certificates";
import { defineResource } from "./define";

export const me = defineResource({ tags: ["Me"], auth: "user", components: { Me: meResponse } }, (op) => ({
  getMe: op({
    route: "GET /v1/me",
    summary: "The caller",
    description: "The user, their workspaces with roles (with a token: only the token's workspace), and the token in use.",
    responses: { 200: { description: "The caller", schema: (c) => c.Me } },
    handler: async (ctx) => caller(ctx.principal),
  }),

  deleteMe: op({
    route: "DELETE /v1/me",
    summary: "Delete your account (after a grace window)",
    description:
      "Console sessions only (a token gets 403). 409 while you own a workspace: transfer ownership or delete it first. " +
      "Your personal API tokens are revoked at once; the account is deleted after WORKSPACE_DELETION_GRACE_SECONDS (default 24 h) unless you cancel. " +
      "Rows you authored keep a \"deleted user\" tombstone instead of your id.",
    errors: [403, 409],
    responses: { 202: { description: "The pending account deletion", schema: accountDeletion } },
    handler: async (ctx) => requestAccountDeletion(ctx),
  }),

  getMyDeletion: op({
    route: "GET /v1/me/deletion",
    summary: "Your account's pending deletion, if any",
    responses: { 200: { description: "Its state", schema: accountDeletion } },
    handler: async (ctx) => getAccountDeletion(ctx),
  }),

  cancelMyDeletion: op({
    route: "POST /v1/me/deletion/cancel",
    summary: "Cancel your account's pending deletion",
    description: "Console sessions only. Revoked tokens stay revoked. 409 when none is pending.",
    errors: [403, 409],
    responses: { 200: { description: "No deletion pending", schema: accountDeletion } },
    handler: async (ctx) => cancelAccountDeletion(ctx),
  }),

  listMyDeletionCertificates: op({
    route: "GET /v1/me/deletion-certificates",
    summary: "Deletion certificates of workspaces you owned",
    description: "Signed (JWS, EdDSA) records of completed workspace deletions you requested or were the owner of.",
    responses: { 200: { description: "Certificates, newest first", schema: z.object({ data: z.array(certificate) }) } },
    handler: async (ctx) => listDeletionCertificates(ctx.principal.userId),
  }),
}));
