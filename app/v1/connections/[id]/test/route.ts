import { routeOf } from "@/lib/operations/route";
import { connections } from "@/lib/operations/connections";

// POST /v1/connections/{id}/test — prove the stored secret against the service; records active/error
export const POST = routeOf(connections.testConnection);
