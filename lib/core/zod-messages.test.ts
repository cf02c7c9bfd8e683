import { describe, expect, it } from "vitest";
import { z } from "zod";
import "./zod-messages";

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("zod messages people can read", () => {
  it("replaces the type-checker wording for the common cases", () => {
    const s = z.strictObject({ name: z.string().min(1), slug: z.string().min(2).max(4), amount: z.number(), n: z.int().min(5), kind: z.enum(["a", "b"]), tags: z.array(z.string()).min(1), email: z.email() });
    expect(messages(s, { name: "", slug: "toolong", amount: "7", n: 2, kind: "c", tags: [], email: "nope", extra: 1 })).toEqual([
      "name: Required",
      "slug: Must be at most 4 characters",
      "amount: Must be a number",
      "n: Must be at least 5",
      'kind: Must be one of "a", "b"',
      "tags: Must have at least 1 item",
      "email: Must be an email address",
      ": Unknown field: extra",
    ]);
    expect(messages(z.object({ a: z.string() }), {})).toEqual(["a: Required"]);
    expect(messages(z.string().min(3), "x")).toEqual([": Must be at least 3 characters"]);
  });

  it("keeps a schema's own message", () => {
    expect(messages(z.string().min(1, "Give it a name"), "")).toEqual([": Give it a name"]);
  });
});
