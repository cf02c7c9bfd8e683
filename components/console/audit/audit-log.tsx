"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronRight, Download, KeyRound, ScrollText, X } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { OptionSelect, Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { ApiRequestError, apiUrl, errorMessage } from "@/lib/client/api";
import type { AuditEntryResponse } from "@/lib/schemas/audit";
import type { MemberDto } from "@/lib/schemas/members";
import { cn } from "@/components/ui/cn";
import { AUDIT_ACTION_SUGGESTIONS, auditSentence } from "../audit-labels";
import { useConsole, useWorkspaceApi } from "../console-context";
import { LoadMore } from "../load-more";
import { AuditEntryDetails } from "./audit-entry-details";
import { RANGES, readFilters, toApiQuery, type AuditFilterState } from "./audit-filters";

type Page = { data: AuditEntryResponse[]; nextCursor: string | null };
const ANYONE = "__anyone";

async function downloadExport(tenant: string, query: Record<string, string | undefined>) {
  // The export needs the X-Tenant-Id header, which a plain link cannot send: fetch, then save.
  const res = await fetch(apiUrl("/v1/audit/export", query), { headers: { "X-Tenant-Id": tenant }, credentials: "same-origin" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiRequestError(res.status, body?.error?.code ?? "http_error", body?.error?.message ?? `Export failed (HTTP ${res.status})`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `audit-${tenant}.jsonl`;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AuditLog({ members }: { members: MemberDto[] }) {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const router = useRouter();
  const pathname = usePathname();
  const filters = readFilters(new URLSearchParams(useSearchParams().toString()));
  const [actionDraft, setActionDraft] = useState(filters.action);
  const [open, setOpen] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const names = new Map(members.map((m) => [m.userId, m.name || m.email]));

  function setFilters(next: Partial<AuditFilterState>) {
    const merged = { ...filters, ...next };
    const qs = new URLSearchParams();
    if (merged.action) qs.set("action", merged.action);
    if (merged.actor) qs.set("actor", merged.actor);
    if (merged.range !== "30d") qs.set("range", merged.range);
    router.replace(qs.size ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  const log = useInfiniteQuery({
    queryKey: ["audit", workspace.slug, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => call<Page>("/v1/audit", { query: { ...toApiQuery(filters), limit: 50, cursor: pageParam }, signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = !!(filters.action || filters.actor || filters.range !== "30d");

  function actor(e: AuditEntryResponse) {
    const name = e.actor.name ?? (e.actor.id && names.get(e.actor.id)) ?? e.actor.label;
    if (e.actor.type === "token") {
      return (
        <span className="inline-flex items-center gap-1">
          <KeyRound className="size-3.5 text-muted-foreground" aria-label="Token" />
          {name ?? "A token"}
        </span>
      );
    }
    if (e.actor.type === "user") return name ?? "A former member";
    return <span className="capitalize">{e.actor.label ?? e.actor.type}</span>;
  }

  function sentence(e: AuditEntryResponse) {
    const s = auditSentence(e);
    return (
      <span data-testid="audit-sentence">
        <span className="font-medium">{actor(e)}</span>{" "}
        <span className={cn(e.action === "authz.denied" && "text-destructive")}>{s.verb}</span>
        {s.noun && ` ${s.noun}`}
        {s.name && <span className="font-medium"> {s.name}</span>}
      </span>
    );
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter the audit log">
        <form
          className="grid gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters({ action: actionDraft.trim() });
          }}
        >
          <label htmlFor="audit-action" className="text-xs font-medium text-muted-foreground">
            Action
          </label>
          <div className="relative">
            <Input
              id="audit-action"
              list="audit-action-suggestions"
              value={actionDraft}
              onChange={(e) => setActionDraft(e.target.value)}
              onBlur={() => actionDraft.trim() !== filters.action && setFilters({ action: actionDraft.trim() })}
              placeholder="e.g. member.* or token.create"
              className="h-8 w-60 pr-7 font-mono text-xs"
            />
            {actionDraft && (
              <button
                type="button"
                aria-label="Clear action filter"
                className="absolute right-2 top-1/2 -translate-y-1/2 cursor-pointer text-muted-foreground hover:text-foreground"
                onClick={() => (setActionDraft(""), setFilters({ action: "" }))}
              >
                <X className="size-3.5" aria-hidden />
              </button>
            )}
          </div>
          <datalist id="audit-action-suggestions">
            {AUDIT_ACTION_SUGGESTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </form>
        <div className="grid gap-1">
          <span id="audit-actor-label" className="text-xs font-medium text-muted-foreground">
            Actor
          </span>
          <Select value={filters.actor || ANYONE} onValueChange={(v) => setFilters({ actor: v === ANYONE ? "" : v })}>
            <SelectTrigger className="h-8 w-52 text-xs" aria-labelledby="audit-actor-label">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANYONE}>Anyone</SelectItem>
              {members.map((m) => (
                <SelectItem key={m.userId} value={m.userId}>
                  {m.name || m.email}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1">
          <span id="audit-range-label" className="text-xs font-medium text-muted-foreground">
            Time range
          </span>
          <OptionSelect value={filters.range} options={RANGES} onValueChange={(v) => setFilters({ range: v })} className="h-8 w-40 text-xs" labelledBy="audit-range-label" />
        </div>
        {filtered && (
          <Button variant="ghost" size="sm" onClick={() => (setActionDraft(""), router.replace(pathname, { scroll: false }))}>
            Reset
          </Button>
        )}
        <Button
          variant="outline"
          size="sm"
          className="ml-auto"
          disabled={exporting}
          onClick={async () => {
            setExporting(true);
            try {
              await downloadExport(workspace.slug, toApiQuery(filters));
            } catch (err) {
              toast.error("Export failed", errorMessage(err));
            } finally {
              setExporting(false);
            }
          }}
        >
          <Download className="size-4" aria-hidden />
          {exporting ? "Exporting…" : "Export JSON Lines"}
        </Button>
      </div>

      {log.isPending ? (
        <TableSkeleton rows={8} />
      ) : log.isError ? (
        <Alert variant="destructive">{errorMessage(log.error)}</Alert>
      ) : entries.length === 0 ? (
        <EmptyState icon={ScrollText} title={filtered ? "No entries match these filters" : "No audit entries yet"} description="Admin actions, sign-ins and denied requests are recorded here." />
      ) : (
        <Table aria-label="Audit log">
          <TableColumns columns={[{ label: "Details", srOnly: true, className: "w-8" }, "Event", "IP address", { label: "Time", className: "text-right" }]} />
          <TableBody>
            {entries.map((e) => {
              const expanded = open === e.id;
              return (
                <Fragment key={e.id}>
                  <TableRow className={cn("cursor-pointer", expanded && "bg-muted/40")} onClick={() => setOpen(expanded ? null : e.id)}>
                    <TableCell className="pr-0">
                      <button
                        type="button"
                        aria-expanded={expanded}
                        aria-label={`${expanded ? "Hide" : "Show"} details of ${e.action}`}
                        className="cursor-pointer rounded p-0.5 text-muted-foreground hover:text-foreground"
                        onClick={(ev) => (ev.stopPropagation(), setOpen(expanded ? null : e.id))}
                      >
                        <ChevronRight className={cn("size-4 transition-transform", expanded && "rotate-90")} aria-hidden />
                      </button>
                    </TableCell>
                    <TableCell className="min-w-56">
                      {sentence(e)}
                      <span className="mt-0.5 block text-xs text-muted-foreground">
                        <code className="font-mono text-[11px]">{e.action}</code>
                        {e.coalesced && (
                          <>
                            {" · "}
                            {e.coalesced.count} saves, last <TimeAgo value={e.coalesced.lastAt} />
                          </>
                        )}
                      </span>
                    </TableCell>
                    <TableCell className="whitespace-nowrap font-mono text-xs text-muted-foreground">{e.ip ?? "—"}</TableCell>
                    <TableCell className="whitespace-nowrap text-right text-xs text-muted-foreground">
                      <TimeAgo value={e.createdAt} />
                    </TableCell>
                  </TableRow>
                  {expanded && (
                    <TableRow className="hover:bg-transparent">
                      <TableCell colSpan={4} className="bg-muted/20 p-0">
                        <AuditEntryDetails entry={e} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      )}
      <LoadMore query={log} label="Load older entries" />
    </div>
  );
}
