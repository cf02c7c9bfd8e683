import { ApiError } from "@/lib/core/errors";
import { CallError } from "@/lib/calls/call-error";
import { toolsFromOpenApi, type OpenApiTool } from "@/lib/calls/openapi-tools";

/** An openapi instance's document, checked as it is saved: a document that lists no tool is a 422 on `document`. */
export async function checkOpenApiDocument(document: unknown): Promise<OpenApiTool[]> {
  try {
    return await toolsFromOpenApi(document);
  } catch (err) {
    if (err instanceof CallError) throw new ApiError("invalid_request", err.message, { details: [{ path: "document", message: err.message }] });
    throw err;
  }
}

/** The document an openapi instance keeps in its config. */
export function documentOf(config: unknown): unknown {
  return config && typeof config === "object" ? (config as { document?: unknown }).document : undefined;
}
