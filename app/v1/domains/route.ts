import { routeOf } from "@/lib/operations/route";
import { domains } from "@/lib/operations/domains";

// GET /v1/domains — the workspace's domains and the TXT record each needs
export const GET = routeOf(domains.listDomains);

// POST /v1/domains — add a domain to verify
export const POST = routeOf(domains.addDomain);
