import { routeOf } from "@/lib/operations/route";
import { addDomain, listDomains } from "@/lib/operations/domains";

// GET /v1/domains — the workspace's domains and the TXT record each needs
export const GET = routeOf(listDomains);

// POST /v1/domains — add a domain to verify
export const POST = routeOf(addDomain);
