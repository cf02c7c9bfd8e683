import { z } from "zod";
import { runResponse } from "./runs";

// GET /v1/runs/{id}/receipt: the run, its step chain, and the platform's signature over the head.

const json = z.unknown().describe("Any JSON value");
const hex = z.string().regex(/^[0-9a-f]{64}$/);

export const receiptStepResponse = z.object({
  seq: z.int(),
  nodeId: z.string(),
  prevHash: hex.nullable().describe("The previous step's hash; the run's genesis hash for the first step. null: written before receipts existed"),
  hash: hex.nullable().describe("hex(sha256(utf8(prevHash + canonicalJson(hashed fields))))"),
  nodeType: z.string(),
  status: z.string(),
  attempts: z.int(),
  attemptLog: json,
  input: json,
  output: json.describe("An approved gate's output names its approver (decidedById)"),
  error: json.describe("The error, or a gate's refusal with its approver (decidedById)"),
  tokensIn: z.int().nullable(),
  tokensOut: z.int().nullable(),
  cost: z.string().describe("usd_micros, a decimal string"),
  latencyMs: z.int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const runReceiptPayload = z.object({
  v: z.literal(1),
  runId: z.string(),
  workspaceId: z.string(),
  projectId: z.string(),
  runStatus: z.string(),
  stepCount: z.int(),
  head: hex.nullable().describe("The last step's hash (the genesis hash for a run without steps)"),
  iat: z.int().describe("Issued at, seconds since the epoch"),
});

export const runReceiptResponse = z.object({
  run: runResponse,
  chain: z.object({
    version: z.literal("agentruntime.run-receipt.v1"),
    hash: z.literal("sha256"),
    canonicalization: z.string(),
    genesis: hex,
    steps: z.array(receiptStepResponse),
  }),
  jws: z.string().describe("Compact JWS (EdDSA) over the chain head: { v, runId, workspaceId, projectId, runStatus, stepCount, head, iat }"),
  keys: z.string().describe("Where the platform's public keys are (JWKS)"),
});

export type ReceiptStepDto = z.infer<typeof receiptStepResponse>;
export type RunReceiptPayload = z.infer<typeof runReceiptPayload>;
export type RunReceiptDto = z.infer<typeof runReceiptResponse>;
