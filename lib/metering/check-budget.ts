// A workflow run may spend at most its budget: the stop. The credits it holds from the balance
// are what it is expected to spend (expected-cost.ts), not a ceiling: a run that spends more
// than its hold is charged the rest from the balance like any usage, and admission refuses new
// runs as soon as nothing is available (lib/billing/credits.ts). Before every billable call the
// caller adds the call's worst case to what was spent so far; if that passes the ceiling the
// call is never made (the engine then stops the run as budget_exceeded).

/** The ceiling of a run: its budget. (`creditHold` is only what it reserved at admission.) */
export function ceilingOf(run: { budget: bigint }): bigint {
  return run.budget;
}

export function wouldExceed(spent: bigint, estimate: bigint, ceiling: bigint): boolean {
  return spent + estimate > ceiling;
}
