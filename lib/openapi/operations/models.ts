import { modelCatalogResponse } from "@/lib/schemas/models";
import { registerOperation, type ApiRegistry } from "../registry";

export function registerModelOperations(r: ApiRegistry): void {
  registerOperation(r, {
    method: "get",
    path: "/v1/models",
    operationId: "listModels",
    summary: "The model catalog: prices and context limits",
    description: "Prices are integers in micro-USD (1 USD = 1,000,000) per million tokens.",
    tags: ["LLM providers"],
    auth: "workspace",
    action: "provider.read",
    responses: { 200: { description: "The catalog", schema: r.schema("ModelCatalog", modelCatalogResponse) } },
  });
}
