import type { ConnectionDto } from "@/lib/schemas/connections";
import { getConnectionOrThrow } from "./find-connection";
import { presentConnection } from "./present";
import type { ConnectionScope } from "./scope";

export async function getConnection(scope: Pick<ConnectionScope, "workspace" | "project">, id: string): Promise<ConnectionDto> {
  return presentConnection(await getConnectionOrThrow(scope, id));
}
