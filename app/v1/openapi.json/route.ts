import { routeOf } from "@/lib/operations/route";
import { getOpenApiDocument } from "@/lib/operations/meta";

// GET /v1/openapi.json — the OpenAPI 3.1 document of this API (public)
export const GET = routeOf(getOpenApiDocument);
