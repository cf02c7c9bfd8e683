import { modelCatalogResponse } from "@/lib/schemas/models";
import { MODEL_CATALOG, PRICES_AS_OF } from "@/lib/llm/catalog";
import { defineResource } from "./define";

export const models = defineResource({ tags: ["LLM providers"], auth: "workspace", action: "provider.read", components: { ModelCatalog: modelCatalogResponse } }, (op) => ({
  listModels: op({
    route: "GET /v1/models",
    summary: "The model catalog: prices and context limits",
    description: "Prices are integers in micro-USD (1 USD = 1,000,000) per million tokens.",
    responses: { 200: { description: "The catalog", schema: (c) => c.ModelCatalog } },
    handler: async () => ({ pricesAsOf: PRICES_AS_OF, data: MODEL_CATALOG }),
  }),
}));
