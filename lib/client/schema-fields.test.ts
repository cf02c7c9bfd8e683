import { describe, expect, it } from "vitest";
import { errorsByField, fieldsFromSchema, formFromInput, inputFromForm, runFormFields, schemaFromFields, unrepresentable, type SchemaField } from "./schema-fields";

const schema = {
  type: "object",
  properties: {
    name: { type: "string", description: "Who to greet" },
    amount: { type: "number" },
    tier: { type: "string", enum: ["free", "pro"] },
    urgent: { type: "boolean" },
    tags: { type: "array" },
  },
  required: ["name", "amount"],
};

describe("schema fields", () => {
  it("round-trips a representable schema both ways", () => {
    expect(unrepresentable(schema)).toBeNull();
    const fields = fieldsFromSchema(schema);
    expect(fields[0]).toEqual({ name: "name", type: "string", required: true, description: "Who to greet" });
    expect(fields[2]).toEqual({ name: "tier", type: "string", required: false, enum: ["free", "pro"] });
    expect(schemaFromFields(fields)).toEqual(schema);
    expect(fieldsFromSchema(schemaFromFields(fields))).toEqual(fields);
    expect(schemaFromFields([])).toEqual({ type: "object" });
    expect(fieldsFromSchema({ type: "object" })).toEqual([]);
  });

  it("leaves what it cannot show to the JSON Schema tab, saying why", () => {
    expect(unrepresentable({ type: "object", properties: { a: { type: "string", pattern: "^x" } } })).toMatch(/"pattern"/);
    expect(unrepresentable({ type: "object", properties: { a: { type: "object", properties: {} } } })).toMatch(/"properties"/);
    expect(unrepresentable({ type: "object", additionalProperties: false })).toMatch(/additionalProperties/);
    expect(unrepresentable({ type: "array" })).toMatch(/not a JSON object schema/);
    expect(unrepresentable({ type: "object", properties: { a: { type: ["string", "null"] } } })).toMatch(/single type/);
    expect(unrepresentable({ type: "object", properties: { a: { type: "boolean", enum: [true] } } })).toMatch(/enum/);
    expect(unrepresentable({ type: "object", properties: {}, required: ["ghost"] })).toMatch(/required/);
  });

  it("drops unnamed fields and an enum on a type that cannot have one", () => {
    const fields: SchemaField[] = [
      { name: "", type: "string", required: true },
      { name: "ok", type: "boolean", required: false, enum: ["x"] },
    ];
    expect(schemaFromFields(fields)).toEqual({ type: "object", properties: { ok: { type: "boolean" } } });
  });

  it("builds a typed input from form text; a wrong type is sent as typed so the API names it", () => {
    const fields = fieldsFromSchema(schema);
    const { input, errors } = inputFromForm(fields, { name: "Ada", amount: "12.5", tier: "", urgent: true, tags: "[1,2]" });
    expect(input).toEqual({ name: "Ada", amount: 12.5, urgent: true, tags: [1, 2] });
    expect(errors).toEqual({});
    expect(inputFromForm(fields, { name: "", amount: "lots", tags: "[1," })).toEqual({ input: { name: "", amount: "lots" }, errors: { tags: "Not valid JSON (an array)" } });
    expect(formFromInput(fields, { name: "Ada", amount: 3, tags: ["a"], urgent: false })).toEqual({ name: "Ada", amount: "3", tier: "", urgent: false, tags: '[\n  "a"\n]' });
  });

  it("maps the API's field details to fields", () => {
    expect(errorsByField([{ path: "input.amount", message: "must be number" }, { path: "input", message: "must have required property" }, { path: "input.tags.0", message: "x" }])).toEqual({ amount: "must be number", "": "must have required property", tags: "x" });
  });

  it("the run form takes typed properties whatever else they say; any untyped property makes it JSON only", () => {
    expect(runFormFields({ type: "object", properties: { name: { type: "string", minLength: 1 } }, required: ["name"] })).toEqual([{ name: "name", type: "string", required: true }]);
    expect(runFormFields({ type: "object", properties: { a: { type: "string" }, b: { anyOf: [] } } })).toEqual([]);
    expect(runFormFields({ type: "array" })).toEqual([]);
    expect(runFormFields(schema)).toEqual(fieldsFromSchema(schema));
  });
});
