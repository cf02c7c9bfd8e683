import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { createApiRegistry, registerResource } from "./openapi-registry";
import { OPERATION_RESOURCES } from "./all";

type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document of the REST API, built once per process from the operation definitions. */
export function openApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const registry = createApiRegistry();
  for (const resource of OPERATION_RESOURCES) registerResource(registry, resource);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "AgentRuntime API",
      version: "1.0.0",
      description:
        "Governance-first control plane for AI agents. Authenticate with `Authorization: Bearer ar_pat_…`; name the workspace with `X-Tenant-Id` and the project with `X-Project-Id`. Errors are `{ error: { code, message, requestId } }`; lists are cursor-paginated (`limit`, `cursor` → `nextCursor`).",
    },
    servers: [{ url: process.env.APP_URL ?? "/" }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  });
  return cached;
}
