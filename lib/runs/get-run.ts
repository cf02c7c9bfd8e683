import type { TenantRef } from "@/lib/core/scope";
import type { RunDetailDto } from "@/lib/schemas/runs";
import { getRunOrThrow } from "./find-run";
import { presentRunDetail, runDetailSelect } from "./present-run";

export async function getRun(scope: TenantRef, id: string): Promise<RunDetailDto> {
  return presentRunDetail(await getRunOrThrow(scope, id, runDetailSelect));
}
