import type { ValidateFunction } from "ajv/dist/2020.js";
import { db } from "@/lib/db/client";
import { chargeFor } from "@/lib/billing/pricing";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { callModel } from "@/lib/calls/call-model";
import { DEFAULT_LLM_MAX_TOKENS, llmEstimate } from "@/lib/metering/estimate";
import { findCatalogModel } from "@/lib/llm/catalog";
import { LlmError } from "@/lib/llm/errors";
import { resolveModelSetting } from "@/lib/model-settings/resolve-model-setting";
import { renderTemplate } from "@/lib/workflows/evaluate-expression";
import { ExpressionError } from "@/lib/workflows/expressions";
import { compileBounded, isValidationLimit, validateBounded } from "@/lib/workflows/bounded-schema";
import { tenantAjv } from "@/lib/workflows/tenant-ajv";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { StepError } from "../step-error";
import type { ExecContext, PreparedCall } from "./types";

// An LLM step: the system prompt and prompt are rendered, the model is the node's own or the
// project's model setting for its role, and the call goes through callModel (which holds the
// key; it never reaches the step). Retries are the engine's, so the SDK's are turned off.

const CATALOG_VENDORS: LlmVendor[] = ["openai", "anthropic", "google"];
// The same JSON Schema dialect as validation (2020-12), with the schema's patterns on RE2.
const ajv = tenantAjv({ allErrors: false, strict: false });
const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) {
    try {
      v = compileBounded(ajv, schema);
    } catch {
      throw new StepError("invalid_schema", "The step's output schema is not a valid JSON Schema", false);
    }
    if (validators.size > 200) validators.clear();
    validators.set(key, v);
  }
  return v;
}

function matches(validate: ValidateFunction, output: unknown): boolean {
  try {
    return validateBounded(validate, output);
  } catch (err) {
    if (isValidationLimit(err)) throw new StepError("llm_invalid_output", `The model's answer does not match the output schema: ${err.message}`, true);
    throw err;
  }
}

/** The vendor of a platform-key model, told by the catalog (gpt-… → openai, claude-… → anthropic). */
function vendorOfModel(model: string): LlmVendor | null {
  return CATALOG_VENDORS.find((v) => findCatalogModel(v, model)) ?? null;
}

type Target = { providerId: string | null; vendor: LlmVendor; model: string; temperature?: number; maxTokens?: number };

async function resolveModel(node: NodeOf<"llm">, ctx: ExecContext): Promise<Target> {
  const c = node.config;
  if (c.model) {
    if (c.model.providerId) {
      const p = await db.llmProvider.findFirst({ where: { id: c.model.providerId, workspaceId: ctx.run.workspaceId }, select: { vendor: true } });
      if (!p) throw new StepError("llm_not_configured", "The step's provider does not exist in this workspace", false);
      return { providerId: c.model.providerId, vendor: p.vendor, model: c.model.model };
    }
    const vendor = vendorOfModel(c.model.model);
    if (!vendor) throw new StepError("llm_not_configured", `Cannot tell which vendor serves "${c.model.model}": choose a provider`, false);
    return { providerId: null, vendor, model: c.model.model };
  }
  const setting = await resolveModelSetting(ctx.run.projectId, c.role);
  if (!setting) throw new StepError("llm_not_configured", `The project has no model setting for role "${c.role}" (nor "default")`, false);
  return { providerId: setting.providerId, vendor: setting.vendor, model: setting.model, temperature: setting.temperature ?? undefined, maxTokens: setting.maxTokens ?? undefined };
}

async function render(template: string, ctx: ExecContext): Promise<string> {
  try {
    return await renderTemplate(template, ctx.scope);
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError("expression_error", err.message, false);
    throw err;
  }
}

export async function prepareLlm(node: NodeOf<"llm">, ctx: ExecContext, timeoutMs: number): Promise<PreparedCall> {
  const c = node.config;
  const target = await resolveModel(node, ctx);
  const system = c.system ? await render(c.system, ctx) : undefined;
  const prompt = await render(c.prompt, ctx);
  const maxTokens = c.maxTokens ?? target.maxTokens ?? DEFAULT_LLM_MAX_TOKENS;
  const temperature = c.temperature ?? target.temperature;
  const validate = c.outputSchema ? validatorFor(c.outputSchema) : null;
  const priced = findCatalogModel(target.vendor, target.model);
  // Without an explicit provider the platform key may be used: estimate with its margin.
  const estimate = llmEstimate(priced, (system?.length ?? 0) + prompt.length, maxTokens, target.providerId ? "workspace" : "platform");

  return {
    input: { model: { providerId: target.providerId, vendor: target.vendor, model: target.model }, role: c.model ? null : c.role, system: system ?? null, prompt, temperature: temperature ?? null, maxTokens, outputSchema: c.outputSchema ?? null },
    estimate,
    async call(_attempt, signal) {
      let result;
      try {
        result = await callModel({
          workspaceId: ctx.run.workspaceId,
          providerId: target.providerId,
          vendor: target.vendor,
          model: target.model,
          system,
          messages: [{ role: "user", content: prompt }],
          temperature,
          maxTokens,
          jsonSchema: c.outputSchema,
          // The engine's deadline aborts the signal; this one only backstops it.
          timeoutMs: timeoutMs + 1000,
          abortSignal: signal,
          maxRetries: 0,
        });
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        if (err instanceof LlmError) {
          // A model that answered off-schema may well answer on-schema next time.
          throw new StepError(err.code, err.message, err.retryable || err.code === "llm_invalid_output", err.status ? { status: err.status } : {});
        }
        throw err;
      }
      let output: unknown = result.text;
      if (validate) {
        output = result.json;
        if (!matches(validate, output)) throw new StepError("llm_invalid_output", `The model's answer does not match the output schema: ${ajv.errorsText(validate.errors)}`, true);
      }
      const keySource = result.provider.id === "platform" ? "platform" : "workspace";
      const cost = BigInt(result.costMicros ?? 0);
      return {
        output,
        tokensIn: result.usage.inputTokens,
        tokensOut: result.usage.outputTokens,
        cost,
        usage: [
          {
            kind: "llm",
            provider: result.provider.vendor,
            model: result.model,
            keySource,
            tokensIn: result.usage.inputTokens,
            tokensOut: result.usage.outputTokens,
            cost,
            charge: chargeFor({ kind: "llm", cost, keySource }),
          },
        ],
      };
    },
  };
}
