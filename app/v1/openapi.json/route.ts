import { withPublic } from "@/lib/api/with-auth";
import { openApiDocument } from "@/lib/openapi/document";

// GET /v1/openapi.json — the OpenAPI 3.1 document of this API (public)
export const GET = withPublic(async () => openApiDocument());
