import { withWorkspace } from "@/lib/api/with-auth";
import { MODEL_CATALOG, PRICES_AS_OF } from "@/lib/llm/catalog";

// GET /v1/models — the model catalog: prices (micro-USD per million tokens) and context limits
export const GET = withWorkspace(async () => ({ pricesAsOf: PRICES_AS_OF, data: MODEL_CATALOG }), { action: "provider.read" });
