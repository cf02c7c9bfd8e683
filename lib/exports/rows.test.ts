import { describe, expect, it } from "vitest";
import { rowLine } from "./rows";

describe("export rows", () => {
  it("writes BigInt as a string and dates as ISO, one line per row", () => {
    expect(rowLine("runs", { id: "run_1", budget: 10n, at: new Date("2026-01-02T03:04:05.000Z"), graph: { a: [1n] } })).toBe(
      '{"id":"run_1","budget":"10","at":"2026-01-02T03:04:05.000Z","graph":{"a":["1"]}}\n',
    );
  });

  it("fails closed on a credential column or any binary value left in a row", () => {
    for (const col of ["secret", "previousSecret", "signingSecret", "apiKey", "wrappedKey", "tokenHash", "passwordHash", "sessionToken", "refresh_token"]) {
      expect(() => rowLine("x", { id: "1", [col]: "v" }), col).toThrow(/credential column/);
    }
    expect(() => rowLine("x", { id: "1", blob: new Uint8Array([1, 2]) })).toThrow(/binary column/);
    expect(() => rowLine("x", { id: "1", nested: { b: Buffer.from("x") } })).toThrow(/binary column/);
  });

  it("keeps the customer's own keys inside JSON columns", () => {
    expect(rowLine("webhook_deliveries", { id: "1", payload: { secret: "their field", tokenHash: "x" } })).toContain('"secret":"their field"');
  });
});
