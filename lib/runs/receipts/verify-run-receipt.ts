import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { genesisHash, stepHash, type ReceiptStep } from "./canonical-step";

// Checks a run receipt (GET /v1/runs/{id}/receipt) offline: the platform's signature over the
// chain head, then every step's link, first to last. No server-only: scripts and other services
// can use it with nothing but the receipt and the platform's JWKS.

export type ReceiptFailure = "bad_signature" | "wrong_run" | "step_unhashed" | "step_out_of_order" | "broken_link" | "step_tampered" | "count_mismatch" | "head_mismatch";

export class RunReceiptInvalid extends Error {
  constructor(
    readonly code: ReceiptFailure,
    message: string,
    /** The step where verification failed, when it failed at one. */
    readonly seq?: number,
  ) {
    super(seq === undefined ? message : `step seq ${seq}: ${message}`);
    this.name = "RunReceiptInvalid";
  }
}

type ReceiptEntry = ReceiptStep & { prevHash: string | null; hash: string | null };
export type RunReceipt = { run: { id: string; workspaceId?: string }; chain: { steps: ReceiptEntry[] }; jws: string };
export type VerifiedReceipt = { runId: string; workspaceId: string; projectId: string; runStatus: string; stepCount: number; head: string; iat: number };

const HASHED: (keyof ReceiptStep)[] = ["seq", "nodeId", "nodeType", "status", "attempts", "attemptLog", "input", "output", "error", "tokensIn", "tokensOut", "cost", "latencyMs", "startedAt", "finishedAt"];

function hashedFields(e: ReceiptEntry): ReceiptStep {
  return Object.fromEntries(HASHED.map((k) => [k, e[k] === undefined ? null : e[k]])) as ReceiptStep;
}

/**
 * Verifies `receipt` against the platform's public keys (`jwks`, as served at
 * /.well-known/agentruntime-keys.json). Returns the signed head; throws RunReceiptInvalid
 * naming the first step (by seq) that does not match its link.
 */
export async function verifyRunReceipt(receipt: RunReceipt, jwks: JSONWebKeySet): Promise<VerifiedReceipt> {
  let payload: VerifiedReceipt;
  try {
    const verified = await compactVerify(receipt.jws, createLocalJWKSet(jwks), { algorithms: ["EdDSA"] });
    if (verified.protectedHeader.typ !== "agentruntime-run-receipt+jws") throw new Error("not a run receipt");
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as VerifiedReceipt;
  } catch {
    throw new RunReceiptInvalid("bad_signature", "the receipt's signature does not verify with the platform's keys");
  }
  if (payload.runId !== receipt.run.id || (receipt.run.workspaceId !== undefined && payload.workspaceId !== receipt.run.workspaceId)) {
    throw new RunReceiptInvalid("wrong_run", "the signature is for another run");
  }

  let prev = genesisHash(payload.runId);
  let lastSeq = 0;
  for (const entry of receipt.chain.steps) {
    if (!(entry.seq > lastSeq)) throw new RunReceiptInvalid("step_out_of_order", "steps are not in increasing seq order", entry.seq);
    if (!entry.hash || !entry.prevHash) throw new RunReceiptInvalid("step_unhashed", "the step has no hash (written before receipts existed)", entry.seq);
    if (entry.prevHash !== prev) throw new RunReceiptInvalid("broken_link", "the step does not link to the previous step's hash", entry.seq);
    if (stepHash(prev, hashedFields(entry)) !== entry.hash) throw new RunReceiptInvalid("step_tampered", "the step's content does not match its hash", entry.seq);
    prev = entry.hash;
    lastSeq = entry.seq;
  }
  if (receipt.chain.steps.length !== payload.stepCount) throw new RunReceiptInvalid("count_mismatch", `the signature covers ${payload.stepCount} steps, the receipt has ${receipt.chain.steps.length}`);
  if (prev !== payload.head) throw new RunReceiptInvalid("head_mismatch", "the chain does not end at the signed head");
  return payload;
}
