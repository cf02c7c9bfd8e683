import { routeOf } from "@/lib/operations/route";
import { tools } from "@/lib/operations/tools";

// PATCH /v1/tools/{id}/policies/{policyId} — change a binding
export const PATCH = routeOf(tools.updateToolPolicy);

// DELETE /v1/tools/{id}/policies/{policyId} — remove a binding
export const DELETE = routeOf(tools.deleteToolPolicy);
