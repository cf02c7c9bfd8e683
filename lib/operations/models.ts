import { modelCatalogResponse } from "@/lib/schemas/models";
import { MODEL_CATALOG, PRICES_AS_OF } from "@/lib/llm/catalog";
import { defineOperation, defineResource } from "./define";

export const listModels = defineOperation({
  method: "get",
  path: "/v1/models",
  operationId: "listModels",
  summary: "The model catalog: prices and context limits",
  description: "Prices are integers in micro-USD (1 USD = 1,000,000) per million tokens.",
  tags: ["LLM providers"],
  auth: "workspace",
  action: "provider.read",
  responses: { 200: { description: "The catalog", schema: (c) => c.ModelCatalog } },
  handler: async () => ({ pricesAsOf: PRICES_AS_OF, data: MODEL_CATALOG }),
});

export const modelsOperations = defineResource({ ModelCatalog: modelCatalogResponse }, [listModels]);

