import { idParams } from "@/lib/schemas/common";
import { approvalPage, approvalResponse, decideApprovalBody, listApprovalsQuery } from "@/lib/schemas/approvals";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { listApprovals as list } from "@/lib/approvals/list-approvals";
import { getApproval as get } from "@/lib/approvals/present-approval";
import { defineResource, type DefineOperation } from "./define";

const decideRules =
  "Needs `approval.decide` and a project role at least the approval's `approverRole`. Unless the gate allows self-approval, the user who started the run (or owns the token that did) gets 403. Exactly one decision wins: a later or concurrent one gets 409, and so does deciding an expired approval (which fails its run with `approval_expired`). Every decision is audited.";

/** Approve and reject: the same operation but for the decision and what it does to the run. */
function decide(op: DefineOperation<"project">, decision: "approve" | "reject", summary: string, outcome: string) {
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
  }),

  getApproval: op({
    route: "GET /v1/approvals/{id}",
    summary: "Get an approval",
    action: "run.read",
    params: idParams,
    responses: { 200: { description: "The approval", schema: (c) => c.Approval } },
    handler: async (ctx, { params }) => get(ctx, params.id),
  }),

  approveApproval: decide(op, "approve", "Approve: the run continues", "The run goes back to `queued` and continues after the gate."),
  rejectApproval: decide(op, "reject", "Reject: the run fails", "The run fails with `approval_rejected`."),
}));
