// A run may spend at most min(budget, creditHold): its own ceiling, and what was actually
// reserved from the balance when it started. Before every billable call the caller adds the
// call's worst case to what was spent so far; if that passes the ceiling the call is never
// made (the engine then stops the run as budget_exceeded).

/** The ceiling of a run owner: its budget, capped by the credits it holds. */
export function ceilingOf(run: { budget: bigint; creditHold: bigint }): bigint {
  return run.budget < run.creditHold ? run.budget : run.creditHold;
}

export function wouldExceed(spent: bigint, estimate: bigint, ceiling: bigint): boolean {
  return spent + estimate > ceiling;
}
