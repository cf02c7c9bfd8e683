import { routeOf } from "@/lib/operations/route";
import { me } from "@/lib/operations/me";

// GET /v1/me/deletion-certificates — signed certificates of workspaces you had deleted
export const GET = routeOf(me.listMyDeletionCertificates);
