import type { RunDto } from "@/lib/schemas/runs";

// What a run is of: a workflow (and its version), or an agent (and the end user it served).
export function runSubject(run: Pick<RunDto, "kind" | "workflow" | "agent" | "versionNumber" | "endUserId">): { name: string; detail: string; short: string } {
  if (run.kind === "agent") {
    const detail = run.endUserId ? `agent · ${run.endUserId}` : "agent";
    return { name: run.agent?.name ?? "deleted agent", detail, short: detail };
  }
  const draft = run.versionNumber === null;
  return { name: run.workflow?.name ?? "deleted workflow", detail: draft ? "draft" : `version ${run.versionNumber}`, short: draft ? "draft" : `v${run.versionNumber}` };
}
