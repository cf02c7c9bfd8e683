import type { TenantRef } from "@/lib/core/scope";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { getConnectionOrThrow } from "./find-connection";
import { presentConnection } from "./present";

export async function getConnection(scope: TenantRef, id: string): Promise<ConnectionDto> {
  return presentConnection(await getConnectionOrThrow(scope, id));
}
