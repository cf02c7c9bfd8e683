import { idParams } from "@/lib/schemas/common";
import { approvalPage, approvalResponse, decideApprovalBody, listApprovalsQuery } from "@/lib/schemas/approvals";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { listApprovals as list } from "@/lib/approvals/list-approvals";
import { getApproval as get } from "@/lib/approvals/present-approval";
import { defineResource } from "./define";

export const approvals = defineResource({ tags: ["Approvals"], auth: "project", components: { Approval: approvalResponse } });

export const listApprovals = approvals.operation({
  route: "GET /v1/approvals",
  operationId: "listApprovals",
  summary: "List the project's approvals",
  description: "Newest first; `pending` ones by default (the inbox). `status=all` lists every status.",
  action: "run.read",
  query: listApprovalsQuery,
  responses: { 200: { description: "A page of approvals", schema: approvalPage } },
  handler: async (ctx, { query }) => list(ctx, query),
});

export const getApproval = approvals.operation({
  route: "GET /v1/approvals/{id}",
  operationId: "getApproval",
  summary: "Get an approval",
  action: "run.read",
  params: idParams,
  responses: { 200: { description: "The approval", schema: (c) => c.Approval } },
  handler: async (ctx, { params }) => get(ctx, params.id),
});

const decideRules =
  "Needs `approval.decide` and a project role at least the approval's `approverRole`. Unless the gate allows self-approval, the user who started the run (or owns the token that did) gets 403. Exactly one decision wins: a later or concurrent one gets 409, and so does deciding an expired approval (which fails its run with `approval_expired`). Every decision is audited.";

/** Approve and reject: the same operation but for the decision and what it does to the run. */
function decide(decision: "approve" | "reject", operationId: string, summary: string, outcome: string) {
  return approvals.operation({
    route: `POST /v1/approvals/{id}/${decision}`,
    operationId,
    summary,
    description: `${outcome} ${decideRules}`,
    action: "approval.decide",
    params: idParams,
    body: decideApprovalBody,
    errors: [409],
    responses: { 200: { description: "The decided approval", schema: (c) => c.Approval } },
    handler: async (ctx, { params, body }) => decideApproval(ctx, params.id, decision, body),
  });
}

export const approveApproval = decide("approve", "approveApproval", "Approve: the run continues", "The run goes back to `queued` and continues after the gate.");
export const rejectApproval = decide("reject", "rejectApproval", "Reject: the run fails", "The run fails with `approval_rejected`.");
