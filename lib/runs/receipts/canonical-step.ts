import { createHash } from "node:crypto";
import { toJsonValue } from "@/lib/core/json";

// The receipt chain's one definition, shared by every writer of RunStep rows and by the
// verifier. A step's link is
//
//   hash = hex(sha256(utf8(prevHash + canonicalJson(step))))
//
// where prevHash is the hash of the run's previous step (by seq), or for the first step the
// run's genesis hash, hex(sha256(utf8("agentruntime.run-receipt.v1:" + runId))). The canonical
// JSON is RFC 8785 (JCS) as far as our data goes: the value after a JSON round trip (what a
// jsonb column gives back), object keys sorted by UTF-16 code units, no whitespace, strings and
// numbers as ECMAScript's JSON.stringify writes them. The gateway's batch writer computes the
// hash in SQL from text made here (canonicalParts), so there is one canonicalizer, in TypeScript.

export const RECEIPT_VERSION = "agentruntime.run-receipt.v1";

/** The hashed fields of a step, as a receipt shows them (cost in usd_micros as a decimal string, times ISO 8601 UTC). */
export type ReceiptStep = {
  seq: number;
  nodeId: string;
  nodeType: string;
  status: string;
  attempts: number;
  attemptLog: unknown;
  input: unknown;
  output: unknown;
  /** The error, or a gate's refusal (with its approver); an approved gate's approver is in `output`. */
  error: unknown;
  tokensIn: number | null;
  tokensOut: number | null;
  cost: string;
  latencyMs: number | null;
  startedAt: string;
  finishedAt: string | null;
};

type StepRow = {
  seq: number;
  nodeId: string;
  nodeType: string;
  status: string;
  attempts: number;
  attemptLog: unknown;
  input: unknown;
  output: unknown;
  error: unknown;
  tokensIn: number | null;
  tokensOut: number | null;
  cost: bigint | number | string;
  latencyMs: number | null;
  startedAt: Date;
  finishedAt: Date | null;
};

/** A stored (or about to be stored) step row as its hashed fields. */
export function receiptStepOf(row: StepRow): ReceiptStep {
  return {
    seq: row.seq,
    nodeId: row.nodeId,
    nodeType: row.nodeType,
    status: row.status,
    attempts: row.attempts,
    attemptLog: toJsonValue(row.attemptLog),
    input: toJsonValue(row.input),
    output: toJsonValue(row.output),
    error: toJsonValue(row.error),
    tokensIn: row.tokensIn ?? null,
    tokensOut: row.tokensOut ?? null,
    cost: String(row.cost ?? 0),
    latencyMs: row.latencyMs ?? null,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

function write(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${write(o[k])}`).join(",")}}`;
}

/** RFC 8785-style canonical JSON of `value` after a JSON round trip. */
export function canonicalJson(value: unknown): string {
  return write(toJsonValue(value));
}

/**
 * The canonical JSON of a step split around its seq: canonicalJson(step) === pre + seq + post.
 * For writers that learn the seq only inside SQL.
 */
export function canonicalParts(step: Omit<ReceiptStep, "seq">): { pre: string; post: string } {
  const o = toJsonValue({ ...step, seq: 0 }) as Record<string, unknown>;
  const entries = Object.keys(o).sort().map((k) => (k === "seq" ? null : `${JSON.stringify(k)}:${write(o[k])}`));
  const at = entries.indexOf(null);
  const before = entries.slice(0, at).join(",");
  const after = entries.slice(at + 1).join(",");
  return { pre: `{${before}${before ? "," : ""}"seq":`, post: `${after ? "," : ""}${after}}` };
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export function genesisHash(runId: string): string {
  return sha256Hex(`${RECEIPT_VERSION}:${runId}`);
}

export function stepHash(prevHash: string, step: ReceiptStep): string {
  return sha256Hex(prevHash + canonicalJson(step));
}
