"use client";
import { Download, Search } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { filterJson } from "./json-filter";

/** Characters shown before a payload is cut; the full value stays one click away. */
const JSON_PREVIEW_CHARS = 4000;

function downloadJson(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function kib(chars: number): string {
  return chars < 1024 ? `${chars} B` : `${(chars / 1024).toFixed(1)} KiB`;
}

const pretty = (value: unknown) => (value === undefined ? "null" : (JSON.stringify(value, null, 2) ?? "null"));

/**
 * A run's or a step's input or output, pretty-printed, with a search that narrows it to the
 * keys and values that match (and the path to them). Large values are cut in the page
 * (rendering megabytes of JSON freezes the tab) with a "Download JSON" button for the whole
 * value. Copy and download always give the whole value, whatever the search shows.
 */
export function JsonViewer({ value, label, filename, testId }: { value: unknown; label: string; filename: string; testId?: string }) {
  const text = useMemo(() => pretty(value), [value]);
  const [query, setQuery] = useState("");
  const filtered = useMemo(() => (query.trim() ? filterJson(value, query) : null), [value, query]);
  const shown = filtered ? (filtered.matched ? pretty(filtered.value) : "") : text;
  const truncated = shown.length > JSON_PREVIEW_CHARS;
  const searchable = value !== null && typeof value === "object";
  return (
    <div className="grid min-w-0 gap-1.5" data-testid={testId ?? `json-${label.toLowerCase()}`} data-truncated={truncated || undefined}>
      <div className="flex min-h-8 flex-wrap items-center justify-between gap-2">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <div className="flex items-center gap-1.5">
          {searchable && (
            <label className="relative">
              <span className="sr-only">Search {label.toLowerCase()}</span>
              <Search className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden />
              <input
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="Filter keys and values"
                className="h-8 w-44 rounded-md border bg-background pr-2 pl-7 text-xs outline-none focus-visible:ring-2 focus-visible:ring-ring"
              />
            </label>
          )}
          {truncated && (
            <Button type="button" size="sm" variant="outline" onClick={() => downloadJson(filename, text)}>
              <Download className="size-3.5" aria-hidden /> Download JSON
            </Button>
          )}
          <CopyButton value={text} label={`Copy ${label.toLowerCase()}`} />
        </div>
      </div>
      {filtered && !filtered.matched ? (
        <p className="rounded-md border border-dashed px-3 py-2 text-xs text-muted-foreground" data-testid="json-no-match">
          Nothing matches “{query.trim()}”.
        </p>
      ) : (
        <pre className="max-h-80 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed">
          <code>{truncated ? shown.slice(0, JSON_PREVIEW_CHARS) : shown}</code>
        </pre>
      )}
      {truncated && (
        <p className="text-xs text-muted-foreground" data-testid="json-truncated-note">
          Showing the first {kib(JSON_PREVIEW_CHARS)} of {kib(shown.length)}. Download the JSON for the full value.
        </p>
      )}
    </div>
  );
}
