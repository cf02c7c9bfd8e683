import "server-only";
import type { TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { publicOrigin } from "@/lib/core/public-origin";
import { PLATFORM_JWKS_PATH, signPlatformJws } from "@/lib/platform-keys/platform-keys";
import type { RunReceiptDto, RunReceiptPayload } from "@/lib/schemas/run-receipts";
import { getRunOrThrow } from "@/lib/runs/find-run";
import { presentRun, runDtoSelect } from "@/lib/runs/present-run";
import { genesisHash, receiptStepOf, RECEIPT_VERSION } from "./canonical-step";

export const RECEIPT_JWS_TYPE = "agentruntime-run-receipt+jws";

/**
 * A run's receipt: its steps as stored, each with the link written with it, and a JWS over the
 * stored chain head. Nothing is recomputed here: a step changed after it was written shows up
 * as a mismatch at that step when the receipt is verified (verifyRunReceipt).
 */
export async function getRunReceipt(scope: TenantRef, runId: string, meta?: { origin?: string | null }): Promise<RunReceiptDto> {
  const run = await getRunOrThrow(scope, runId, { ...runDtoSelect, projectId: true, workspaceId: true });
  const rows = await db.runStep.findMany({ where: { runId, workspaceId: scope.workspace.id }, orderBy: [{ seq: "asc" }, { startedAt: "asc" }] });
  const genesis = genesisHash(run.id);
  const steps = rows.map((r) => {
    const { seq, nodeId, ...rest } = receiptStepOf(r);
    return { seq, nodeId, prevHash: r.prevHash, hash: r.hash, ...rest };
  });
  const payload: RunReceiptPayload = {
    v: 1,
    runId: run.id,
    workspaceId: run.workspaceId,
    projectId: run.projectId,
    runStatus: run.status,
    stepCount: steps.length,
    head: steps.length ? (steps.at(-1)!.hash ?? null) : genesis,
    iat: Math.floor(Date.now() / 1000),
  };
  return {
    run: presentRun(run),
    chain: { version: RECEIPT_VERSION, hash: "sha256", canonicalization: "RFC 8785 (JCS) of the hashed fields", genesis, steps },
    jws: await signPlatformJws(payload, RECEIPT_JWS_TYPE),
    keys: `${publicOrigin(meta)}${PLATFORM_JWKS_PATH}`,
  };
}
