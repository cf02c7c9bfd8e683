import { meResponse } from "@/lib/schemas/me";
import { getMe as caller } from "@/lib/me/get-me";
import { defineResource } from "./define";

export const me = defineResource({ tags: ["Me"], auth: "user", components: { Me: meResponse } }, (op) => ({
  getMe: op({
    route: "GET /v1/me",
    summary: "The caller",
    description: "The user, their workspaces with roles (with a token: only the token's workspace), and the token in use.",
    responses: { 200: { description: "The caller", schema: (c) => c.Me } },
    handler: async (ctx) => caller(ctx.principal),
  }),
}));
