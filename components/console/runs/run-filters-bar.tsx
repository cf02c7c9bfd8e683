"use client";
import { OptionSelect } from "@/components/ui/select";
import { RUN_STATUSES, RUN_TRIGGERS } from "@/lib/schemas/runs";
import { RANGES, type RangeValue, type RunFilters } from "./run-filters";
import { RUN_STATUS_LABELS } from "./run-status-badge";
import { triggerLabel } from "./runs-table";

const ALL = "__all";

export type WorkflowOption = { id: string; slug: string; name: string };

export function RunFiltersBar({ filters, workflows, onChange }: { filters: RunFilters; workflows: WorkflowOption[]; onChange: (next: Partial<RunFilters>) => void }) {
  // A workflow named in the URL by slug still selects its entry.
  const wf = workflows.find((w) => w.id === filters.workflow || w.slug === filters.workflow);
  const workflowValue = filters.workflow ? (wf?.id ?? filters.workflow) : ALL;
  const workflowOptions = [
    { value: ALL, label: "All workflows" },
    ...workflows.map((w) => ({ value: w.id, label: w.name })),
    ...(filters.workflow && !wf ? [{ value: filters.workflow, label: filters.workflow }] : []),
  ];
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Filters">
      <OptionSelect
        className="w-44"
        label="Status"
        value={filters.status || ALL}
        options={[{ value: ALL, label: "All statuses" }, ...RUN_STATUSES.map((s) => ({ value: s, label: RUN_STATUS_LABELS[s] ?? s }))]}
        onValueChange={(v) => onChange({ status: v === ALL ? "" : v })}
      />
      <OptionSelect className="w-48" label="Workflow" value={workflowValue} options={workflowOptions} onValueChange={(v) => onChange({ workflow: v === ALL ? "" : v })} />
      <OptionSelect
        className="w-40"
        label="Trigger"
        value={filters.trigger || ALL}
        options={[{ value: ALL, label: "All triggers" }, ...RUN_TRIGGERS.map((t) => ({ value: t, label: triggerLabel(t) }))]}
        onValueChange={(v) => onChange({ trigger: v === ALL ? "" : v })}
      />
      <OptionSelect className="w-40" label="Time range" value={filters.range} options={RANGES.map((r) => ({ value: r.value, label: r.label }))} onValueChange={(v) => onChange({ range: v as RangeValue })} />
    </div>
  );
}
