import { routeOf } from "@/lib/operations/route";
import { domains } from "@/lib/operations/domains";

// POST /v1/domains/{id}/verify — check the TXT record and mark the domain verified
export const POST = routeOf(domains.verifyDomain);
