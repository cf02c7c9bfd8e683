"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { errorMessage } from "@/lib/client/api";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import type { Delivery, InboundContext, Page } from "./types";

const REASONS: Record<string, string> = {
  accepted: "Run started",
  duplicate: "Duplicate (replayed)",
  bad_token: "Invalid token",
  bad_signature: "Invalid signature",
  disabled: "Subscription disabled",
  too_large: "Body over 1 MiB",
  invalid_json: "Not a JSON object",
  invalid_input: "Input does not match the trigger schema",
  invalid_idempotency_key: "Invalid Idempotency-Key",
  idempotency_conflict: "Idempotency-Key reused with another body",
  insufficient_credits: "Out of credits",
  rejected: "Rejected",
  error: "Server error",
};

const variantOf = (status: number) => (status < 300 ? "success" : status === 401 || status >= 500 ? "destructive" : "warning");

/** The newest deliveries of a subscription; polled so a sender's test shows up without a reload. */
export function useDeliveries(ctx: InboundContext, subscriptionId: string) {
  const { workspace } = useConsole();
  const call = useProjectApi(ctx.project);
  return useQuery({
    queryKey: ["inbound-deliveries", workspace.slug, ctx.project, subscriptionId],
    queryFn: ({ signal }) => call<Page<Delivery>>(`/v1/inbound-subscriptions/${encodeURIComponent(subscriptionId)}/deliveries`, { query: { limit: 25 }, signal }),
    refetchInterval: 4000,
  });
}

export function DeliveriesTable({ ctx, list }: { ctx: InboundContext; list: ReturnType<typeof useDeliveries> }) {
  if (list.isError) return <Alert variant="destructive">{errorMessage(list.error)}</Alert>;
  const rows = list.data?.data ?? [];
  if (list.isPending) return <p className="text-sm text-muted-foreground">Loading deliveries…</p>;
  if (rows.length === 0) return <p className="text-sm text-muted-foreground" data-testid="no-deliveries">No deliveries yet. Send one with the curl example shown at creation.</p>;
  return (
    <Table aria-label="Deliveries">
      <TableColumns columns={["Received", "Status", "Outcome", "Run", "Idempotency-Key"]} />
      <TableBody>
        {rows.map((d) => (
          <TableRow key={d.id} data-testid="delivery-row">
            <TableCell className="whitespace-nowrap text-muted-foreground">
              <TimeAgo value={d.createdAt} />
            </TableCell>
            <TableCell>
              <Badge variant={variantOf(d.status)}>{d.status}</Badge>
            </TableCell>
            <TableCell>{REASONS[d.reason] ?? d.reason}</TableCell>
            <TableCell>
              {d.runId ? (
                <Link href={`${ctx.base}/runs/${encodeURIComponent(d.runId)}`} className="font-mono text-xs text-primary hover:underline">
                  {d.runId}
                </Link>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className="max-w-48 truncate font-mono text-xs text-muted-foreground">{d.idempotencyKey ?? "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
