import { routeOf } from "@/lib/operations/route";
import { providers } from "@/lib/operations/providers";

// POST /v1/providers/{id}/validate — list the vendor's models with the key; status active or error
export const POST = routeOf(providers.validateProvider);
