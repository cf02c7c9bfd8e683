import { z } from "zod";
import { defineResource } from "./define";

export const meta = defineResource({ tags: ["Meta"], auth: "public" }, (op) => ({
  getOpenApiDocument: op({
    route: "GET /v1/openapi.json",
    summary: "This OpenAPI document",
    responses: {
      200: { description: "The OpenAPI 3.1 document", schema: z.record(z.string(), z.unknown()).meta({ description: "OpenAPI 3.1 document" }) },
    },
    handler: async () => {
      // Loaded on use: the document is built from these definitions.
      const { openApiDocument } = await import("./openapi");
      return openApiDocument();
    },
  }),
}));
