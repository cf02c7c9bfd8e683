import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { page, timestamp } from "./common";

// Approval gates: a run paused at an approval node, or at a tool step whose tool needs
// approval, until a permitted user decides.

const APPROVAL_STATUSES = ["pending", "approved", "rejected", "expired", "canceled"] as const;
const approvalStatus = z.enum(APPROVAL_STATUSES);

export const listApprovalsQuery = pageQuery.extend({
  status: z.enum([...APPROVAL_STATUSES, "all"]).default("pending").describe("Default `pending`; `all` for every status"),
  runId: z.string().trim().min(1).max(64).optional().describe("Only this run's approvals"),
});
export type ListApprovalsQuery = z.infer<typeof listApprovalsQuery>;

export const decideApprovalBody = z.strictObject({
  comment: z.string().trim().max(2000).optional().describe("Shown in the run's timeline and the audit log"),
});
export type DecideApprovalBody = z.infer<typeof decideApprovalBody>;

const userRef = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });

export const approvalResponse = z.object({
  id: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  workflow: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable().describe("null when the run is an agent's"),
  runStatus: z.string().describe("The run's current status"),
  status: approvalStatus,
  message: z.string(),
  approverRole: z.string().describe("Minimum project role that may decide"),
  allowSelfApproval: z.boolean().describe("Whether the user who started the run may decide"),
  requestedById: z.string().nullable().describe("The user who started the run"),
  expiresAt: timestamp,
  decidedBy: userRef.nullable(),
  decidedAt: timestamp.nullable(),
  comment: z.string().nullable(),
  createdAt: timestamp,
  toolCall: z
    .object({
      instanceId: z.string(),
      tool: z.string(),
      arguments: z.record(z.string(), z.unknown()),
      argumentsHash: z.string().describe("SHA-256 of the canonical JSON of the arguments"),
    })
    .nullable()
    .describe("For a tool step: the one call this approval allows (approving runs exactly this call)"),
});
export type ApprovalDto = z.infer<typeof approvalResponse>;

export const approvalPage = page(approvalResponse);
