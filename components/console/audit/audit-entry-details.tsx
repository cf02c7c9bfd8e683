import type { AuditEntryResponse } from "@/lib/schemas/audit";

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div className="grid min-w-0 gap-1">
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <pre className="max-h-64 overflow-auto rounded-md border bg-background p-2 font-mono text-[11px] leading-relaxed">{JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}

/** Everything recorded about one entry: who, from where, and the change itself. */
export function AuditEntryDetails({ entry }: { entry: AuditEntryResponse }) {
  const facts: [string, string | null][] = [
    ["Entry id", entry.id],
    ["Time", new Date(entry.createdAt).toISOString()],
    ["Saves folded in", entry.coalesced ? `${entry.coalesced.count} (last ${new Date(entry.coalesced.lastAt).toISOString()})` : null],
    ["Actor", `${entry.actor.name ? `${entry.actor.name} · ` : ""}${entry.actor.type}${entry.actor.id ? ` · ${entry.actor.id}` : ""}`],
    ["Target", entry.target ? `${entry.target.name ? `${entry.target.name} · ` : ""}${entry.target.type}${entry.target.id ? ` · ${entry.target.id}` : ""}` : null],
    ["Project", entry.projectId],
    ["IP address", entry.ip],
    ["User agent", entry.userAgent],
    ["Request id", entry.requestId],
  ];
  return (
    <div className="grid gap-4 p-4">
      <dl className="grid gap-x-6 gap-y-1.5 text-xs sm:grid-cols-[8rem_minmax(0,1fr)]">
        {facts
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted-foreground">{k}</dt>
              <dd className="break-all font-mono">{v}</dd>
            </div>
          ))}
      </dl>
      <div className="grid gap-3 lg:grid-cols-3">
        <Json label="Before" value={entry.before} />
        <Json label="After" value={entry.after} />
        <Json label="Metadata" value={entry.metadata} />
      </div>
    </div>
  );
}
