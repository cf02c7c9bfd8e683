import type { RunDetailDto } from "@/lib/schemas/runs";
import { getRunOrThrow } from "./find-run";
import { presentRunDetail, runDetailSelect } from "./present-run";
import type { RunScope } from "./scope";

export async function getRun(scope: RunScope, id: string): Promise<RunDetailDto> {
  return presentRunDetail(await getRunOrThrow(scope, id, runDetailSelect));
}
