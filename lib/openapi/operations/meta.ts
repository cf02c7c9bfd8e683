import { z } from "zod";
import { registerOperation, type ApiRegistry } from "../registry";

export function registerMetaOperations(r: ApiRegistry): void {
  registerOperation(r, {
    method: "get",
    path: "/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This OpenAPI document",
    tags: ["Meta"],
    auth: "public",
    responses: {
      200: { description: "The OpenAPI 3.1 document", schema: z.record(z.string(), z.unknown()).meta({ description: "OpenAPI 3.1 document" }) },
    },
  });
}
