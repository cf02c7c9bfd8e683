import { idParams } from "@/lib/schemas/common";
import { approvalPage, approvalResponse, decideApprovalBody, listApprovalsQuery } from "@/lib/schemas/approvals";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { listApprovals as list } from "@/lib/approvals/list-approvals";
import { getApproval as get } from "@/lib/approvals/present-approval";
import { z } from "zod";
import { forbidden } from "@/lib/core/errors";
import { getRun } from "@/lib/runs/get-run";
import type { ProjectContext } from "@/lib/api/with-auth";
import { defineResource, type DefineOperation, type OperationMcp } from "./define";

const decideRules =
  "Needs `approval.decide` and a project role at least the approval's `approverRole`. Unless the gate allows self-approval, the user who started the run (or owns the token that did) gets 403. Exactly one decision wins: a later or concurrent one gets 409, and so does deciding an expired approval (which fails its run with `approval_expired`). Every decision is audited.";

const decisionExtra = z.strictObject({ decision: z.enum(["approve", "reject"]).describe("`approve`: the run continues; `reject`: it fails") });

/**
 * An agent must not wave through the gate of a run it started itself: the token that started
 * the run cannot decide its approvals over MCP, whatever the gate's self-approval setting.
 * Returns the question a person confirms.
 */
async function checkMcpDecision(ctx: ProjectContext, id: string, decision: string): Promise<string> {
  const approval = await get(ctx, id);
  const run = await getRun(ctx, approval.runId);
  if (ctx.principal.type === "token" && run.startedByTokenId !== null && run.startedByTokenId === ctx.principal.tokenId) {
    throw forbidden("This token started the run: it cannot decide the run's approvals (decide it in the console or with another credential)", { reason: "same_token" });
  }
  return `${decision === "approve" ? "Approve" : "Reject"} the approval "${approval.message}" of run ${approval.runId} (${approval.workflow ? `workflow ${approval.workflow.name}` : "an agent"})?`;
}

/** approvals_decide: one tool for both routes, the decision an argument. */
const decideTool: OperationMcp<"project", typeof idParams, undefined, typeof decideApprovalBody> = {
  name: "approvals_decide",
  title: "Approve or reject an approval",
  description:
    "Approve or reject a pending approval gate (`id`: the approval's id). Needs a project role at least the gate's `approverRole`; refused for a run this token started. The client is asked to confirm when it supports elicitation.",
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  extra: decisionExtra,
  confirm: async (ctx, { params, extra }) => checkMcpDecision(ctx, params.id, decisionExtra.parse(extra).decision),
  call: async (ctx, { params, body, extra }) => {
    const { decision } = decisionExtra.parse(extra);
    await checkMcpDecision(ctx, params.id, decision);
    return decideApproval(ctx, params.id, decision, body);
  },
};

/** Approve and reject: the same operation but for the decision and what it does to the run. */
function decide(op: DefineOperation<"project">, decision: "approve" | "reject", summary: string, outcome: string, mcp?: typeof decideTool) {
  return op({
    route: `POST /v1/approvals/{id}/${decision}`,
    summary,
    description: `${outcome} ${decideRules}`,
    action: "approval.decide",
    params: idParams,
    body: decideApprovalBody,
    errors: [409],
    responses: { 200: { description: "The decided approval", schema: (c) => c.Approval } },
    handler: async (ctx, { params, body }) => decideApproval(ctx, params.id, decision, body),
    ...(mcp ? { mcp } : {}),
  });
}

export const approvals = defineResource({ tags: ["Approvals"], auth: "project", components: { Approval: approvalResponse } }, (op) => ({
  listApprovals: op({
    route: "GET /v1/approvals",
    summary: "List the project's approvals",
    description: "Newest first; `pending` ones by default (the inbox). `status=all` lists every status.",
    action: "run.read",
    query: listApprovalsQuery,
    responses: { 200: { description: "A page of approvals", schema: approvalPage } },
    handler: async (ctx, { query }) => list(ctx, query),
    mcp: { name: "approvals_list", annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } },
  }),

  getApproval: op({
    route: "GET /v1/approvals/{id}",
    summary: "Get an approval",
    action: "run.read",
    params: idParams,
    responses: { 200: { description: "The approval", schema: (c) => c.Approval } },
    handler: async (ctx, { params }) => get(ctx, params.id),
  }),

  approveApproval: decide(op, "approve", "Approve: the run continues", "The run goes back to `queued` and continues after the gate.", decideTool),
  rejectApproval: decide(op, "reject", "Reject: the run fails", "The run fails with `approval_rejected`."),
}));
