import { routeOf } from "@/lib/operations/route";
import { meta } from "@/lib/operations/meta";

// GET /v1/openapi.json — the OpenAPI 3.1 document of this API (public)
export const GET = routeOf(meta.getOpenApiDocument);
