import { z } from "zod";
import { llmVendor } from "./providers";

export const catalogModelResponse = z.object({
  vendor: llmVendor,
  id: z.string(),
  name: z.string(),
  contextWindow: z.number().int(),
  maxOutputTokens: z.number().int(),
  /** micro-USD (1 USD = 1,000,000) per million input tokens */
  inputMicrosPerMTok: z.number().int(),
  /** micro-USD per million output tokens */
  outputMicrosPerMTok: z.number().int(),
});

export const modelCatalogResponse = z.object({
  /** The date the list prices were taken from the vendors' pricing pages. */
  pricesAsOf: z.string(),
  data: z.array(catalogModelResponse),
});
export type ModelCatalogDto = z.infer<typeof modelCatalogResponse>;
