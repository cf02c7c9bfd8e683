// usd_micros → dollars for display. Integer arithmetic: cents for amounts of a cent or more,
// up to six decimals below that, so tiny per-step charges do not read as $0.00.
export function formatCredits(micros: number): string {
  const sign = micros < 0 ? "−" : "";
  const abs = Math.abs(micros);
  if (abs !== 0 && abs < 10_000) return `${sign}$${(abs / 1_000_000).toFixed(6).replace(/0+$/, "")}`;
  const cents = Math.round(abs / 10_000);
  const dollars = Math.floor(cents / 100).toLocaleString("en-US");
  return `${sign}$${dollars}.${String(cents % 100).padStart(2, "0")}`;
}

/** Pack prices are whole cents. */
export function formatCents(cents: number): string {
  return `$${Math.floor(cents / 100).toLocaleString("en-US")}${cents % 100 ? `.${String(cents % 100).padStart(2, "0")}` : ""}`;
}

export const KIND_LABELS: Record<string, string> = { purchase: "Purchase", usage: "Usage", grant: "Grant", refund: "Refund", adjustment: "Adjustment" };

/**
 * usd_micros → dollars to the micro-dollar, for ledger amounts and balances: a balance of
 * $4.9997 after a $0.0003 charge must not read as $5.00. Two decimals at least, trailing zeros trimmed.
 */
export function formatCreditsExact(micros: number): string {
  const sign = micros < 0 ? "−" : "";
  const abs = Math.abs(micros);
  const dollars = Math.floor(abs / 1_000_000).toLocaleString("en-US");
  const fraction = String(abs % 1_000_000).padStart(6, "0").replace(/0{1,4}$/, "");
  return `${sign}$${dollars}.${fraction}`;
}
