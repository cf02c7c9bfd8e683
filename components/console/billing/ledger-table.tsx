"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ReceiptText } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { OptionSelect } from "@/components/ui/select";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { errorMessage } from "@/lib/client/api";
import type { LedgerEntryResponse } from "@/lib/schemas/billing";
import { cn } from "@/components/ui/cn";
import { useConsole, useWorkspaceApi } from "../console-context";
import { LoadMore } from "../load-more";
import { formatCredits, KIND_LABELS } from "./format";

type Page = { data: LedgerEntryResponse[]; nextCursor: string | null };
const ALL = "all";
const KINDS = [{ value: ALL, label: "All kinds" }, ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))];
const RANGES = [
  { value: "7d", label: "Last 7 days", days: 7 },
  { value: "30d", label: "Last 30 days", days: 30 },
  { value: "90d", label: "Last 90 days", days: 90 },
  { value: ALL, label: "All time", days: null },
] as const;

const KIND_VARIANT: Record<string, "success" | "secondary" | "warning" | "default" | "outline"> = { purchase: "success", grant: "default", usage: "secondary", refund: "warning", adjustment: "outline" };

/** The append-only credits ledger, newest first, filtered by kind, time and project. */
export function LedgerTable() {
  const { workspace, projects } = useConsole();
  const call = useWorkspaceApi();
  const [kind, setKind] = useState<string>(ALL);
  const [range, setRange] = useState<string>("30d");
  const [project, setProject] = useState<string>(ALL);
  const days = RANGES.find((r) => r.value === range)?.days ?? null;
  const names = new Map(projects.map((p) => [p.id, p.name]));

  const ledger = useInfiniteQuery({
    queryKey: ["billing-ledger", workspace.slug, kind, range, project],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call<Page>("/v1/billing/ledger", {
        query: { kind: kind === ALL ? undefined : kind, project: project === ALL ? undefined : project, from: days ? new Date(Date.now() - days * 86_400_000).toISOString() : undefined, limit: 50, cursor: pageParam },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = ledger.data?.pages.flatMap((p) => p.data) ?? [];

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
      ) : entries.length === 0 ? (
        <EmptyState icon={ReceiptText} title="No ledger entries match" description="Purchases, grants, usage debits and refunds appear here." />
      ) : (
        <Table aria-label="Ledger">
          <TableColumns columns={["Time", "Kind", "Description", "Project", { label: "Amount", className: "text-right" }, { label: "Balance after", className: "text-right" }]} />
          <TableBody>
            {entries.map((e) => (
              <TableRow key={e.id} data-testid="ledger-row">
                <TableCell className="whitespace-nowrap text-xs text-muted-foreground">
                  <TimeAgo value={e.createdAt} />
                </TableCell>
                <TableCell>
                  <Badge variant={KIND_VARIANT[e.kind]}>{KIND_LABELS[e.kind] ?? e.kind}</Badge>
                </TableCell>
                <TableCell className="max-w-72 truncate text-sm">
                  {e.description ?? "—"}
                  {e.model && <code className="ml-2 font-mono text-[11px] text-muted-foreground">{e.model}</code>}
                </TableCell>
                <TableCell className="text-sm text-muted-foreground">{e.projectId ? (names.get(e.projectId) ?? e.projectId) : "—"}</TableCell>
                <TableCell className={cn("text-right font-mono text-sm tabular-nums", e.amount > 0 ? "text-success" : "text-foreground")}>
                  {e.amount > 0 ? "+" : ""}
                  {formatCredits(e.amount)}
                </TableCell>
                <TableCell className="text-right font-mono text-sm tabular-nums text-muted-foreground">{formatCredits(e.balanceAfter)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <LoadMore query={ledger} label="Load older entries" />
    </div>
  );
}
