import { z } from "zod";

// The editor's live preview of one expression or template against real data.

export const previewExpressionBody = z.strictObject({
  expression: z.string().max(10_000, "Must be at most 10000 characters"),
  mode: z.enum(["expression", "template"]).default("expression").describe("`template`: text with {{ }} parts; `expression`: one JSONata expression"),
  runId: z.string().trim().min(1).max(64).optional().describe("A run of this workflow whose input and step outputs the expression sees (the last test run)"),
  input: z.unknown().optional().describe("Without runId: the input the expression sees (e.g. the trigger's sample). Default `{}`"),
});
export type PreviewExpressionBody = z.infer<typeof previewExpressionBody>;

export const previewExpressionResponse = z.object({
  ok: z.boolean(),
  value: z.unknown().describe("The evaluated value (a string for a template); null when ok is false"),
  error: z.string().nullable().describe("Why evaluation failed (syntax, runtime, deadline)"),
  source: z.enum(["run", "input"]).describe("`run`: evaluated against runId's data; `input`: against the given input only"),
});
export type PreviewExpressionDto = z.infer<typeof previewExpressionResponse>;
