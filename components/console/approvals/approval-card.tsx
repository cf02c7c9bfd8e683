"use client";
import { useMutation } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { ROLE_LABELS } from "@/lib/client/format";
import type { ApprovalDto } from "@/lib/schemas/approvals";
import { useProjectApi } from "../connections/use-project-api";
import { timeLeft } from "../runs/format";
import { DEFAULT_GRANT_CHOICE, GatewayCallView, grantBody, GrantFields } from "./gateway-call";

type Decision = "approve" | "reject";

/** One approval: what it asks, for which run, how long is left, and Approve / Reject with a comment. */
export function ApprovalCard({
  approval,
  project,
  runsBase,
  canDecide,
  now,
  onDecided,
  highlighted = false,
}: {
  approval: ApprovalDto;
  project: string;
  runsBase: string;
  canDecide: boolean;
  now: number;
  onDecided: () => void;
  highlighted?: boolean;
}) {
  const call = useProjectApi(project);
  const commentId = useId();
  const [comment, setComment] = useState("");
  const [grant, setGrant] = useState(DEFAULT_GRANT_CHOICE);
  const gateway = approval.gatewayCall;
  const decide = useMutation({
    mutationFn: (d: Decision) =>
      call<ApprovalDto>(`/v1/approvals/${encodeURIComponent(approval.id)}/${d}`, {
        method: "POST",
        body: { ...(comment.trim() ? { comment: comment.trim() } : {}), ...(gateway && d === "approve" ? { grant: grantBody(grant) } : {}) },
      }),
    onSuccess: (_, d) => {
      const next = gateway ? (d === "approve" ? "The agent may now make this call." : "The call stays refused.") : d === "approve" ? "The run continues." : "The run stops as failed.";
      toast.success(d === "approve" ? "Approved" : "Rejected", next);
      onDecided();
    },
  });
  const pending = approval.status === "pending";
  const left = timeLeft(approval.expiresAt, now);
  const who = approval.decidedBy ? approval.decidedBy.name || approval.decidedBy.email : null;
  return (
    <li
      className={`grid gap-3 rounded-lg border bg-card px-4 py-3${highlighted ? " ring-2 ring-primary" : ""}`}
      data-testid={`approval-${approval.id}`}
      data-status={approval.status}
      data-highlighted={highlighted || undefined}
      aria-current={highlighted || undefined}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium" data-testid="approval-message">
          {approval.toolCall ? `Call the tool ${approval.toolCall.tool}` : gateway ? `${gateway.agent?.name ?? "An agent"} calls the tool ${gateway.tool}` : approval.message}
        </span>
        {!pending && <Badge variant={approval.status === "approved" ? "success" : approval.status === "rejected" ? "destructive" : "secondary"} className="capitalize">{approval.status}</Badge>}
        {pending && (
          <span className={left === "expired" ? "ml-auto text-xs text-destructive" : "ml-auto text-xs text-warning"} data-testid="approval-countdown">
            {left}
          </span>
        )}
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
        <span>
          {approval.workflow?.name ?? gateway?.agent?.name ?? "agent"} ·{" "}
          <Link href={`${runsBase}/${approval.runId}`} className="font-mono text-primary hover:underline" data-testid="approval-run-link">
            {approval.runId}
          </Link>{" "}
          · step {approval.nodeId}
        </span>
        <span>
          Requested <TimeAgo value={approval.createdAt} />
        </span>
        <span>Needs {ROLE_LABELS[approval.approverRole] ?? approval.approverRole} or above</span>
        {!approval.allowSelfApproval && <span>The run&rsquo;s starter cannot decide</span>}
      </div>
      {approval.toolCall && (
        <div className="grid gap-1" data-testid="approval-tool-call">
          <span className="text-xs text-muted-foreground">
            MCP instance <span className="font-mono">{approval.toolCall.instanceId}</span> · approving runs exactly this call (arguments hash{" "}
            <span className="font-mono">{approval.toolCall.argumentsHash.slice(0, 12)}</span>)
          </span>
          <pre className="max-h-64 overflow-auto rounded-md bg-muted px-3 py-2 font-mono text-xs" data-testid="approval-tool-arguments">
            {JSON.stringify(approval.toolCall.arguments, null, 2)}
          </pre>
        </div>
      )}
      {gateway && <GatewayCallView call={gateway} grant={approval.grant} />}
      {!pending && (who || approval.comment) && (
        <p className="text-sm">
          {who && (
            <span className="text-muted-foreground">
              {approval.status === "approved" ? "Approved" : "Decided"} by {who}
              {approval.decidedAt && (
                <>
                  {" "}
                  <TimeAgo value={approval.decidedAt} />
                </>
              )}
            </span>
          )}
          {approval.comment && <span className="ml-2 italic">“{approval.comment}”</span>}
        </p>
      )}
      {pending && canDecide && (
        <div className="grid gap-2">
          <Label htmlFor={commentId} className="text-xs text-muted-foreground">
            Comment (optional)
          </Label>
          <textarea
            id={commentId}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            rows={2}
            className="w-full rounded-md border border-input bg-background px-3 py-2 text-sm shadow-xs placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            placeholder="Why you approve or reject — shown in the run's timeline"
          />
          {gateway && <GrantFields value={grant} onChange={setGrant} idPrefix={commentId} />}
          {decide.isError && (
            <Alert variant="destructive" data-testid="approval-error">
              {errorMessage(decide.error)}
            </Alert>
          )}
          <div className="flex gap-2">
            <Button size="sm" onClick={() => decide.mutate("approve")} disabled={decide.isPending || left === "expired"}>
              <Check className="size-3.5" aria-hidden /> Approve
            </Button>
            <Button size="sm" variant="outline" onClick={() => decide.mutate("reject")} disabled={decide.isPending || left === "expired"}>
              <X className="size-3.5" aria-hidden /> Reject
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
