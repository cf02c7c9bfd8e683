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

/** A gateway call's grant: single use for an hour unless the approver chooses otherwise. */
export const DEFAULT_GRANT = { uses: 1, expiresInSeconds: 3600 } as const;

export const decideApprovalBody = z.strictObject({
  comment: z.string().trim().max(2000).optional().describe("Shown in the run's timeline and the audit log"),
  grant: z
    .strictObject({
      uses: z.int().min(1).max(1000).default(DEFAULT_GRANT.uses).describe("How many times the agent may make the approved call"),
      expiresInSeconds: z.int().min(60).max(2_592_000).default(DEFAULT_GRANT.expiresInSeconds).describe("How long the grant lasts"),
    })
    .optional()
    .describe("Approving a gateway tool call only: the grant for that exact call (default: one use within an hour)"),
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
  gatewayCall: z
    .object({
      toolId: z.string(),
      tool: z.string(),
      agentId: z.string(),
      agent: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable(),
      method: z.string(),
      path: z.string().describe("The path below the tool's base URL, with its query"),
      endUserId: z.string().nullable(),
      bodyHash: z.string().describe("SHA-256 of the body (of its canonical JSON when it is JSON)"),
      callHash: z.string().describe("SHA-256 binding agent, end user, tool, method, path and body"),
    })
    .nullable()
    .describe("For an agent's call through the tool proxy: the one call this approval is for. Approving grants that call, and no other"),
  grant: z
    .object({ uses: z.int(), used: z.int(), expiresAt: timestamp.nullable() })
    .nullable()
    .describe("The grant an approved gateway call received"),
});
export type ApprovalDto = z.infer<typeof approvalResponse>;

export const approvalPage = page(approvalResponse);
