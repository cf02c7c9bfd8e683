import { idParams } from "@/lib/schemas/common";
import { approvalPage, approvalResponse, decideApprovalBody, listApprovalsQuery } from "@/lib/schemas/approvals";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { listApprovals as list } from "@/lib/approvals/list-approvals";
import { getApproval as get } from "@/lib/approvals/present-approval";
import { defineOperation, defineResource } from "./define";

const tags = ["Approvals"];
const auth = "project" as const;
const decideRules =
  "Needs `approval.decide` and a project role at least the approval's `approverRole`. Unless the gate allows self-approval, the user who started the run (or owns the token that did) gets 403. Exactly one decision wins: a later or concurrent one gets 409, and so does deciding an expired approval (which fails its run with `approval_expired`). Every decision is audited.";

export const listApprovals = defineOperation({
  method: "get",
  path: "/v1/approvals",
  operationId: "listApprovals",
  summary: "List the project's approvals",
  description: "Newest first; `pending` ones by default (the inbox). `status=all` lists every status.",
  tags,
  auth,
  action: "run.read",
  query: listApprovalsQuery,
  responses: { 200: { description: "A page of approvals", schema: approvalPage } },
  handler: async (ctx, { query }) => list(ctx, query),
});

export const getApproval = defineOperation({
  method: "get",
  path: "/v1/approvals/{id}",
  operationId: "getApproval",
  summary: "Get an approval",
  tags,
  auth,
  action: "run.read",
  params: idParams,
  responses: { 200: { description: "The approval", schema: (c) => c.Approval } },
  handler: async (ctx, { params }) => get(ctx, params.id),
});

export const approveApproval = defineOperation({
  method: "post",
  path: "/v1/approvals/{id}/approve",
  operationId: "approveApproval",
  summary: "Approve: the run continues",
  description: `The run goes back to \`queued\` and continues after the gate. ${decideRules}`,
  tags,
  auth,
  action: "approval.decide",
  params: idParams,
  body: decideApprovalBody,
  errors: [409],
  responses: { 200: { description: "The decided approval", schema: (c) => c.Approval } },
  handler: async (ctx, { params, body }) => decideApproval(ctx, params.id, "approve", body),
});

export const rejectApproval = defineOperation({
  method: "post",
  path: "/v1/approvals/{id}/reject",
  operationId: "rejectApproval",
  summary: "Reject: the run fails",
  description: `The run fails with \`approval_rejected\`. ${decideRules}`,
  tags,
  auth,
  action: "approval.decide",
  params: idParams,
  body: decideApprovalBody,
  errors: [409],
  responses: { 200: { description: "The decided approval", schema: (c) => c.Approval } },
  handler: async (ctx, { params, body }) => decideApproval(ctx, params.id, "reject", body),
});

export const approvalsOperations = defineResource({ Approval: approvalResponse }, [listApprovals, getApproval, approveApproval, rejectApproval]);

