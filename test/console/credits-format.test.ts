import { describe, expect, it } from "vitest";
import { formatCreditsExact } from "@/components/console/billing/format";

describe("formatCreditsExact", () => {
  it.each([
    [5_000_000, "$5.00"],
    [4_999_700, "$4.9997"],
    [-300, "−$0.0003"],
    [-100, "−$0.0001"],
    [10_000_000, "$10.00"],
    [-14_500_000, "−$14.50"],
    [1_234_567_891, "$1,234.567891"],
    [0, "$0.00"],
  ])("%i micros → %s", (micros, text) => expect(formatCreditsExact(micros)).toBe(text));
});
