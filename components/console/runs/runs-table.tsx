"use client";
import { runSubject } from "./run-subject";
import Link from "next/link";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { RunDto } from "@/lib/schemas/runs";
import { elapsedMs, formatMs, formatUsd } from "./format";
import { RunStatusBadge } from "./run-status-badge";

const TRIGGER_LABELS: Record<string, string> = { api: "API", console: "Console", inbound: "Webhook", rerun: "Rerun", test: "Test", mcp: "MCP", agent: "Agent" };
export const triggerLabel = (t: string) => TRIGGER_LABELS[t] ?? t;

export function RunsTable({ rows, base }: { rows: RunDto[]; base: string }) {
  return (
    <Table aria-label="Runs" data-testid="runs-table">
      <TableColumns columns={["Run", "Workflow", "Status", "Trigger", "Started", { label: "Duration", className: "text-right" }, { label: "Cost", className: "text-right" }]} />
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-testid={`run-row-${r.id}`} data-status={r.status}>
            <TableCell>
              <Link href={`${base}/${r.id}`} className="font-mono text-xs text-primary hover:underline">
                {r.id}
              </Link>
            </TableCell>
            <TableCell>
              <span className="font-medium">{runSubject(r).name}</span>
              <span className="ml-1.5 text-xs text-muted-foreground">{runSubject(r).short}</span>
            </TableCell>
            <TableCell>
              <RunStatusBadge status={r.status} />
            </TableCell>
            <TableCell className="text-muted-foreground">{triggerLabel(r.trigger)}</TableCell>
            <TableCell className="text-muted-foreground">
              <TimeAgo value={r.createdAt} />
            </TableCell>
            <TableCell className="text-right tabular-nums text-muted-foreground">{formatMs(elapsedMs(r.startedAt, r.finishedAt))}</TableCell>
            <TableCell className="text-right tabular-nums">{formatUsd(r.spent)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
