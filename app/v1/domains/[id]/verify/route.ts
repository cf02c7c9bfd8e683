import { routeOf } from "@/lib/operations/route";
import { verifyDomain } from "@/lib/operations/domains";

// POST /v1/domains/{id}/verify — check the TXT record and mark the domain verified
export const POST = routeOf(verifyDomain);
