import type { TenantRef } from "@/lib/core/scope";
import { isTerminalRunStatus, type RunDto } from "@/lib/schemas/runs";
import { getRun } from "./get-run";

/** Polls the run until it ends, pauses for an approval, or `seconds` pass; returns it as it is then. */
export async function waitForRun(scope: TenantRef, run: RunDto, seconds: number): Promise<RunDto> {
  const deadline = Date.now() + seconds * 1000;
  let current: RunDto = run;
  while (!isTerminalRunStatus(current.status) && current.status !== "waiting_approval" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(0, deadline - Date.now()))));
    const { graph: _graph, ...latest } = await getRun(scope, run.id);
    current = latest;
  }
  return current;
}
