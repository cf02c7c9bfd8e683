import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { History } from "lucide-react";
import type { WorkflowVersionSummaryDto } from "./types";

/** Published versions, newest first, each linking to its read-only view. */
export function VersionsTable({ base, versions, publishers }: { base: string; versions: WorkflowVersionSummaryDto[]; publishers: Record<string, string> }) {
  if (versions.length === 0) {
    return <EmptyState icon={History} title="No published versions yet" description="Publish the draft from the editor: each publish creates the next immutable version." />;
  }
  return (
    <Table aria-label="Versions">
      <TableColumns columns={["Version", "Note", "Published by", { label: "Published", className: "text-right" }]} />
      <TableBody>
        {versions.map((v) => (
          <TableRow key={v.id} data-testid={`version-${v.number}`}>
            <TableCell>
              <Link href={`${base}/versions/${v.number}`} className="font-medium hover:underline">
                Version {v.number}
              </Link>
            </TableCell>
            <TableCell className="max-w-md truncate text-sm text-muted-foreground">{v.note ?? "—"}</TableCell>
            <TableCell className="text-sm">{(v.publishedById && publishers[v.publishedById]) ?? "—"}</TableCell>
            <TableCell className="text-right text-xs text-muted-foreground">
              <TimeAgo value={v.publishedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
