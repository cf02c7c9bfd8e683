import { routeOf } from "@/lib/operations/route";
import { domains } from "@/lib/operations/domains";

// DELETE /v1/domains/{id} — remove a domain
export const DELETE = routeOf(domains.removeDomain);
