// Audit filters live in the URL (?action=&actor=&range=) so a filtered view can be shared.
export const RANGES = [
  { value: "24h", label: "Last 24 hours", ms: 24 * 3600_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * 3600_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 24 * 3600_000 },
  { value: "90d", label: "Last 90 days", ms: 90 * 24 * 3600_000 },
  { value: "all", label: "All time", ms: null },
] as const;

export type AuditFilterState = { action: string; actor: string; range: string };

export function readFilters(params: URLSearchParams): AuditFilterState {
  return { action: params.get("action") ?? "", actor: params.get("actor") ?? "", range: params.get("range") ?? "30d" };
}

/** The API query for the filters; `from` is computed at request time from the range. */
export function toApiQuery(f: AuditFilterState, now = Date.now()): Record<string, string | undefined> {
  const range = RANGES.find((r) => r.value === f.range);
  return {
    action: f.action.trim() || undefined,
    actorId: f.actor || undefined,
    from: range?.ms ? new Date(now - range.ms).toISOString() : undefined,
  };
}
