import type { RunDto } from "@/lib/schemas/runs";

// Command Center filters live in the URL (?status=&workflow=&trigger=&range=) so a filtered
// view can be shared and the editor can link to "this workflow's runs".
export const RANGES = [
  { value: "24h", label: "Last 24 hours", ms: 24 * 3600_000, bucket: "hour" },
  { value: "3d", label: "Last 3 days", ms: 3 * 24 * 3600_000, bucket: "hour" },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * 3600_000, bucket: "day" },
  { value: "30d", label: "Last 30 days", ms: 30 * 24 * 3600_000, bucket: "day" },
  { value: "90d", label: "Last 90 days", ms: 90 * 24 * 3600_000, bucket: "day" },
] as const;
export type RangeValue = (typeof RANGES)[number]["value"];
const DEFAULT_RANGE: RangeValue = "24h";

export type RunFilters = { status: string; workflow: string; trigger: string; range: RangeValue };

export function readFilters(params: URLSearchParams): RunFilters {
  const range = RANGES.find((r) => r.value === params.get("range"))?.value ?? DEFAULT_RANGE;
  return { status: params.get("status") ?? "", workflow: params.get("workflow") ?? "", trigger: params.get("trigger") ?? "", range };
}

export function filtersToSearch(f: RunFilters): string {
  const qs = new URLSearchParams();
  if (f.status) qs.set("status", f.status);
  if (f.workflow) qs.set("workflow", f.workflow);
  if (f.trigger) qs.set("trigger", f.trigger);
  if (f.range !== DEFAULT_RANGE) qs.set("range", f.range);
  return qs.toString();
}

export function rangeOf(f: RunFilters) {
  return RANGES.find((r) => r.value === f.range) ?? RANGES[0];
}

/** Query of GET /v1/runs; `from` is computed when the query runs. */
export function listQuery(f: RunFilters, now = Date.now()) {
  return {
    status: f.status || undefined,
    workflow: f.workflow || undefined,
    trigger: f.trigger || undefined,
    from: new Date(now - rangeOf(f).ms).toISOString(),
    limit: 50,
  };
}

/**
 * Whether a run pushed by the live stream belongs in the filtered list. The workflow filter
 * holds an id or a slug, so both are compared. Runs are live, so the time window only drops
 * runs created before it.
 */
export function matchesFilters(run: RunDto, f: RunFilters, now = Date.now()): boolean {
  if (f.status && run.status !== f.status) return false;
  if (f.trigger && run.trigger !== f.trigger) return false;
  if (f.workflow && run.workflowId !== f.workflow && run.workflow?.slug !== f.workflow) return false;
  return Date.parse(run.createdAt) >= now - rangeOf(f).ms;
}

/** Puts a run at its place in a newest-first list (ids are time-sortable), replacing its old copy. */
export function upsertRun(rows: RunDto[], run: RunDto, keep: boolean, max = 200): RunDto[] {
  const rest = rows.filter((r) => r.id !== run.id);
  if (!keep) return rest;
  const i = rest.findIndex((r) => r.id < run.id);
  const next = i === -1 ? [...rest, run] : [...rest.slice(0, i), run, ...rest.slice(i)];
  return next.slice(0, max);
}
