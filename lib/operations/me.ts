import { meResponse } from "@/lib/schemas/me";
import { getMe as me } from "@/lib/me/get-me";
import { defineOperation, defineResource } from "./define";

export const getMe = defineOperation({
  method: "get",
  path: "/v1/me",
  operationId: "getMe",
  summary: "The caller",
  description: "The user, their workspaces with roles (with a token: only the token's workspace), and the token in use.",
  tags: ["Me"],
  auth: "user",
  responses: { 200: { description: "The caller", schema: (c) => c.Me } },
  handler: async (ctx) => me(ctx.principal),
});

export const meOperations = defineResource({ Me: meResponse }, [getMe]);

