import { z } from "zod";
import { canIn } from "@/lib/access/authorize";
import { ALL_ACTIONS, ACTIONS } from "@/lib/authz/permissions";
import { getBalance } from "@/lib/billing/credits";
import { presentBalance } from "@/lib/billing/present";
import { getMe } from "@/lib/me/get-me";
import { balanceResponse } from "@/lib/schemas/billing";
import { jsonSchemaOf } from "./arguments";
import type { McpTool } from "./tool";

// context_get: what an agent should know before anything else — who it acts as, where, with
// which rights and how much credit. It has no REST operation of its own: it gathers GET /v1/me,
// the resolved workspace and project, the permission table and GET /v1/billing/balance.

const ref = { id: z.string(), slug: z.string(), name: z.string() };
const contextOutput = z.object({
  caller: z.object({
    userId: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    token: z.object({ id: z.string(), name: z.string(), expiresAt: z.string().nullable(), projectRestricted: z.boolean() }).nullable(),
  }),
  scopes: z.array(z.string()).nullable().describe("The token's scopes (null: a session, every scope)"),
  actions: z.array(z.string()).describe("What the caller may do here: the token's scopes ∩ its owner's roles"),
  workspace: z.object({ ...ref, role: z.string() }),
  project: z.object({ ...ref, role: z.string() }),
  credits: balanceResponse.nullable().describe("The workspace's credit balance, usd_micros; null without billing.read"),
});

export const contextTool: McpTool = {
  name: "context_get",
  title: "Who and where the caller is",
  description:
    "The caller (user and token), its token scopes and effective permissions, the workspace and project it acts in (from X-Tenant-Id / X-Project-Id or the token), and the workspace's credit balance when the caller may read billing.",
  action: "project.read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  inputSchema: { type: "object", properties: {}, additionalProperties: false },
  outputSchema: jsonSchemaOf(contextOutput, "output"),
  output: contextOutput,
  run: async (ctx, args) => {
    if (Object.keys(args).length) z.strictObject({}).parse(args);
    const me = await getMe(ctx.principal);
    const token = ctx.principal.type === "token" ? ctx.principal : null;
    const allowed = ALL_ACTIONS.filter((a) => canIn(ctx, a, ACTIONS[a].level === "project" ? ctx.projectRole : undefined));
    return {
      caller: {
        userId: me.user.id,
        email: me.user.email,
        name: me.user.name,
        token: token ? { id: token.tokenId, name: token.tokenName, expiresAt: token.expiresAt?.toISOString() ?? null, projectRestricted: token.projectId !== null } : null,
      },
      scopes: token ? token.scopes : null,
      actions: allowed,
      workspace: { ...ctx.workspace, role: ctx.workspaceRole },
      project: { id: ctx.project.id, slug: ctx.project.slug, name: ctx.project.name, role: ctx.projectRole },
      credits: canIn(ctx, "billing.read") ? presentBalance(await getBalance(ctx.workspace.id)) : null,
    };
  },
};
