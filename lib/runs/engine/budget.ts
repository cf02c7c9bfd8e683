import { pricing } from "@/lib/billing/pricing";
import { topUpRunHold } from "@/lib/billing/credits";
import { wouldExceed } from "@/lib/metering/check-budget";
import type { Exec } from "./exec-state";
import { StepError } from "./step-error";

// The engine's part of budgeting: what a workflow step itself costs, and the check before it.
// Ceilings, the exceed check and call estimates are lib/metering's (shared with every other
// budget owner); holds are lib/billing's.

/** What a step itself is charged; a call step adds its call's estimate (PreparedCall.estimate). */
export function stepEstimate(): bigint {
  return pricing().stepPrice;
}

/**
 * Why a step costing at most `estimate` may not go ahead, or null when it may: past the run's
 * budget (its stop) → budget_exceeded; past what the run holds → the hold is topped up from the
 * available credits first, and when they do not cover it → insufficient_credits.
 */
export async function budgetRefusal(exec: Exec, estimate: bigint): Promise<StepError | null> {
  const details = { spent: Number(exec.spent), estimate: Number(estimate), ceiling: Number(exec.ceiling) };
  if (wouldExceed(exec.spent, estimate, exec.ceiling)) return new StepError("budget_exceeded", "The run's budget does not cover this step", false, details);
  const need = exec.spent + estimate - exec.hold;
  if (need <= 0n) return null;
  if (!(await topUpRunHold(exec.ref.workspaceId, exec.ref.id, need))) {
    return new StepError("insufficient_credits", "The workspace's available credits do not cover this step: buy credits, then rerun", false, { ...details, held: Number(exec.hold) });
  }
  exec.hold += need;
  return null;
}
