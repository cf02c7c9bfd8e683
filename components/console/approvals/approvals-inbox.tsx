"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Inbox } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/client/api";
import type { ApprovalDto } from "@/lib/schemas/approvals";
import type { LiveRunMessage } from "@/lib/schemas/runs";
import { cn } from "@/components/ui/cn";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { LiveIndicator } from "../runs/live-indicator";
import { sseUrl, useEventSource } from "../runs/use-event-source";
import { ApprovalCard } from "./approval-card";
import { useNow } from "./use-now";

type Page = { data: ApprovalDto[]; nextCursor: string | null };
type View = "pending" | "all";

// Any of these on the project's live stream can change the inbox.
const RELEVANT = /^(approval\.|run\.(succeeded|failed|canceled|budget_exceeded|resumed))/;

/**
 * The project's approvals waiting for a decision (or every approval, as history). The list
 * reloads when the project's live stream reports an approval requested or decided, or a run
 * ending; a local clock drives the expiry countdowns.
 */
export function ApprovalsInbox({ project, runsBase, canDecide }: { project: string; runsBase: string; canDecide: boolean }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const now = useNow();
  const [view, setView] = useState<View>("pending");
  const key = ["approvals", workspace.slug, project];
  const list = useQuery({
    queryKey: [...key, view],
    queryFn: ({ signal }) => call<Page>("/v1/approvals", { query: { status: view, limit: 100 }, signal }),
    staleTime: 0,
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const reload = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void qc.invalidateQueries({ queryKey: ["approvals", workspace.slug, project] });
    }, 150);
  }, [qc, workspace.slug, project]);
  const live = useEventSource<LiveRunMessage>(
    sseUrl("/v1/runs/live", { tenant: workspace.slug, project }),
    (msg, e) => {
      if (e.type === "resync" || RELEVANT.test(msg.type ?? "")) reload();
    },
    { onReconnect: reload, eventTypes: ["resync"] },
  );
  const rows = list.data?.data ?? [];
  // ?approval=<id>: the link an agent's APPROVAL_REQUIRED answer carries; that card is marked and scrolled to.
  const wanted = useSearchParams().get("approval");
  const present = !!wanted && rows.some((r) => r.id === wanted);
  useEffect(() => {
    if (wanted && present) document.querySelector(`[data-testid="approval-${CSS.escape(wanted)}"]`)?.scrollIntoView({ block: "center" });
  }, [wanted, present]);

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex gap-1" role="tablist" aria-label="Approvals">
          {(["pending", "all"] as const).map((v) => (
            <button
              key={v}
              role="tab"
              aria-selected={view === v}
              onClick={() => setView(v)}
              className={cn("rounded-md px-2.5 py-1 text-sm", view === v ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground")}
            >
              {v === "pending" ? "Pending" : "History"}
            </button>
          ))}
        </div>
        <LiveIndicator state={live} />
      </div>
      {!canDecide && <p className="text-sm text-muted-foreground">Your role can see approvals but not decide them: project contributors and admins can.</p>}
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {list.isPending ? (
        <TableSkeleton rows={3} />
      ) : rows.length === 0 ? (
        <EmptyState icon={Inbox} title={view === "pending" ? "Nothing waiting for a decision" : "No approvals yet"} description="Runs that reach an approval step pause here until someone approves or rejects them." />
      ) : (
        <ul className="grid gap-3" aria-label="Approvals" data-testid="approvals-list">
          {rows.map((a) => (
            <ApprovalCard key={a.id} approval={a} project={project} runsBase={runsBase} canDecide={canDecide} now={now} onDecided={reload} highlighted={a.id === wanted} />
          ))}
        </ul>
      )}
    </div>
  );
}
