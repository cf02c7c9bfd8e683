"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ChevronRight, ReceiptText } from "lucide-react";
import Link from "next/link";
import { Fragment, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { OptionSelect } from "@/components/ui/select";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { errorMessage } from "@/lib/client/api";
import type { LedgerEntryResponse, LedgerRowResponse } from "@/lib/schemas/billing";
import { cn } from "@/components/ui/cn";
import { useConsole, useWorkspaceApi } from "../console-context";
import { LoadMore } from "../load-more";
import { formatCreditsExact, KIND_LABELS } from "./format";

type Page = { data: LedgerEntryResponse[]; nextCursor: string | null };
type RowsPage = { data: LedgerRowResponse[]; nextCursor: string | null };
const ALL = "all";
const KINDS = [{ value: ALL, label: "All kinds" }, ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))];
const RANGES = [
  { value: "7d", label: "Last 7 days", days: 7 },
  { value: "30d", label: "Last 30 days", days: 30 },
  { value: "90d", label: "Last 90 days", days: 90 },
  { value: ALL, label: "All time", days: null },
] as const;

const KIND_VARIANT: Record<string, "success" | "secondary" | "warning" | "default" | "outline"> = { purchase: "success", grant: "default", usage: "secondary", refund: "warning", adjustment: "outline" };

/** The append-only credits ledger, one row per run (expandable to its charges), newest first, filtered by kind, time and project. */
export function LedgerTable() {
  const { workspace, projects } = useConsole();
  const call = useWorkspaceApi();
  const [kind, setKind] = useState<string>(ALL);
  const [range, setRange] = useState<string>("30d");
  const [project, setProject] = useState<string>(ALL);
  const [open, setOpen] = useState<string | null>(null);
  const days = RANGES.find((r) => r.value === range)?.days ?? null;
  const names = new Map(projects.map((p) => [p.id, p.name]));

  const ledger = useInfiniteQuery({
    queryKey: ["billing-ledger", workspace.slug, kind, range, project],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call<RowsPage>("/v1/billing/ledger/by-run", {
        query: { kind: kind === ALL ? undefined : kind, project: project === ALL ? undefined : project, from: days ? new Date(Date.now() - days * 86_400_000).toISOString() : undefined, limit: 50, cursor: pageParam },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = ledger.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap gap-2" role="search" aria-label="Filter the ledger">
        <OptionSelect value={kind} options={KINDS} onValueChange={setKind} className="h-8 w-40 text-xs" label="Kind" />
        <OptionSelect value={range} options={RANGES} onValueChange={setRange} className="h-8 w-40 text-xs" label="Time range" />
        <OptionSelect value={project} options={[{ value: ALL, label: "All projects" }, ...projects.map((p) => ({ value: p.id, label: p.name }))]} onValueChange={setProject} className="h-8 w-48 text-xs" label="Project" />
      </div>
      {ledger.isPending ? (
        <TableSkeleton rows={5} />
      ) : ledger.isError ? (
        <Alert variant="destructive">{errorMessage(ledger.error)}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState icon={ReceiptText} title="No ledger entries match" description="Purchases, grants, usage debits and refunds appear here." />
      ) : (
        <Table aria-label="Ledger">
          <TableColumns
            columns={[{ label: "Details", srOnly: true, className: "w-8" }, "Time", "Kind", "Description", "Project", { label: "Amount", className: "text-right" }, { label: "Balance after", className: "text-right" }]}
          />
          <TableBody>
            {rows.map((r) => {
              const expandable = !!r.runId && r.entries > 0;
              const expanded = open === r.id;
              return (
                <Fragment key={r.id}>
                  <TableRow data-testid="ledger-row" className={cn(expandable && "cursor-pointer", expanded && "bg-muted/40")} onClick={() => expandable && setOpen(expanded ? null : r.id)}>
                    <TableCell className="pr-0">
                      {expandable && (
                        <button
                          type="button"
                          aria-expanded={expanded}
                          aria-label={`${expanded ? "Hide" : "Show"} the charges of this run`}
                          className="cursor-pointer rounded p-0.5 text-muted-foreground hover:text-foreground"
                          onClick={(ev) => (ev.stopPropagation(), setOpen(expanded ? null : r.id))}
                        >
                          <ChevronRight className={cn("size-4 transition-transform", expanded && "rotate-90")} aria-hidden />
                        </button>
                      )}
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-xs text-muted-foreground">
                      <TimeAgo value={r.createdAt} />
                    </TableCell>
                    <TableCell>
                      <Badge variant={KIND_VARIANT[r.kind]}>{KIND_LABELS[r.kind] ?? r.kind}</Badge>
                    </TableCell>
                    <TableCell className="max-w-80 text-sm">
                      {r.runId ? (
                        <span className="block truncate">
                          Run of {r.workflowName ?? "an agent"}
                          <span className="text-muted-foreground">
                            {" · "}
                            {r.entries} {r.entries === 1 ? "charge" : "charges"}
                          </span>
                        </span>
                      ) : (
                        <span className="block truncate">{r.description ?? "—"}</span>
                      )}
                      {r.models.length > 0 && <code className="block truncate font-mono text-[11px] text-muted-foreground">{r.models.join(", ")}</code>}
                    </TableCell>
                    <TableCell className="text-sm text-muted-foreground">{r.projectId ? (names.get(r.projectId) ?? r.projectId) : "—"}</TableCell>
                    <TableCell className={cn("text-right font-mono text-sm tabular-nums", r.amount > 0 ? "text-success" : "text-foreground")}>
                      {r.amount > 0 ? "+" : ""}
                      {formatCreditsExact(r.amount)}
                    </TableCell>
                    <TableCell className="text-right font-mono text-sm tabular-nums text-muted-foreground">{formatCreditsExact(r.balanceAfter)}</TableCell>
                  </TableRow>
                  {expanded && r.runId && (
                    <TableRow className="hover:bg-transparent">
                      <TableCell colSpan={7} className="bg-muted/20 p-0">
                        <RunCharges runId={r.runId} projectSlug={projects.find((p) => p.id === r.projectId)?.slug ?? null} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      )}
      <LoadMore query={ledger} label="Load older entries" />
    </div>
  );
}

/** A run's charges, one per step call, with the balance after each; and a link to its trace. */
function RunCharges({ runId, projectSlug }: { runId: string; projectSlug: string | null }) {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const charges = useQuery({
    queryKey: ["billing-ledger-run", workspace.slug, runId],
    queryFn: ({ signal }) => call<Page>("/v1/billing/ledger", { query: { runId, limit: 200 }, signal }),
  });
  if (charges.isPending) return <p className="p-3 text-xs text-muted-foreground">Loading charges…</p>;
  if (charges.isError) return <Alert variant="destructive">{errorMessage(charges.error)}</Alert>;
  return (
    <ul className="grid gap-1 p-3 text-xs" aria-label={`Charges of run ${runId}`} data-testid="ledger-run-charges">
      {charges.data.data.map((e) => (
        <li key={e.id} className="grid grid-cols-[minmax(0,1fr)_auto_auto] items-baseline gap-3">
          <span className="truncate">
            <TimeAgo value={e.createdAt} /> · {e.description ?? e.kind}
            {e.model && <code className="ml-1 font-mono text-[11px] text-muted-foreground">{e.model}</code>}
          </span>
          <span className="text-right font-mono tabular-nums">{formatCreditsExact(e.amount)}</span>
          <span className="w-20 text-right font-mono tabular-nums text-muted-foreground">{formatCreditsExact(e.balanceAfter)}</span>
        </li>
      ))}
      {projectSlug && (
        <li className="pt-1">
          <Link className="text-primary underline-offset-2 hover:underline" href={`/w/${workspace.slug}/projects/${projectSlug}/runs/${encodeURIComponent(runId)}`}>
            Open the run&apos;s trace
          </Link>
        </li>
      )}
    </ul>
  );
}
