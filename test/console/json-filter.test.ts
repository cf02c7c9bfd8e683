import { describe, expect, it } from "vitest";
import { filterJson } from "@/components/console/runs/json-filter";

const value = { customer: { name: "Ada", email: "ada@example.com" }, amount: 42, items: [{ sku: "A-1" }, { sku: "B-2" }], note: null };

describe("filterJson", () => {
  it("keeps everything for an empty query", () => {
    expect(filterJson(value, "  ")).toEqual({ matched: true, value });
  });
  it("keeps a matching key with its whole value", () => {
    expect(filterJson(value, "CUSTOMER")).toEqual({ matched: true, value: { customer: value.customer } });
  });
  it("keeps a matching scalar with the path to it", () => {
    expect(filterJson(value, "example.com")).toEqual({ matched: true, value: { customer: { email: "ada@example.com" } } });
    expect(filterJson(value, "42")).toEqual({ matched: true, value: { amount: 42 } });
  });
  it("filters array elements", () => {
    expect(filterJson(value, "b-2")).toEqual({ matched: true, value: { items: [{ sku: "B-2" }] } });
  });
  it("reports no match", () => {
    expect(filterJson(value, "zebra")).toEqual({ matched: false, value: undefined });
    expect(filterJson("plain", "lai")).toEqual({ matched: true, value: "plain" });
  });
});
