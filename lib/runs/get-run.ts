import type { RunDetailDto } from "@/lib/schemas/runs";
import { findRunOrThrow } from "./find-run";
import { presentRunDetail, runDetailSelect } from "./present-run";
import type { RunScope } from "./scope";

export async function getRun(scope: RunScope, id: string): Promise<RunDetailDto> {
  return presentRunDetail(await findRunOrThrow(scope, id, runDetailSelect));
}
