import { z } from "zod";

import { defineOperation, defineResource } from "./define";

export const getOpenApiDocument = defineOperation({
  method: "get",
  path: "/v1/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This OpenAPI document",
  tags: ["Meta"],
  auth: "public",
  responses: {
    200: { description: "The OpenAPI 3.1 document", schema: z.record(z.string(), z.unknown()).meta({ description: "OpenAPI 3.1 document" }) },
  },
  handler: async () => {
    // Loaded on use: the document is built from these definitions.
    const { openApiDocument } = await import("@/lib/openapi/document");
    return openApiDocument();
  },
});

export const metaOperations = defineResource({  }, [getOpenApiDocument]);

