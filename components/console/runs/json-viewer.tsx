"use client";
import { Download } from "lucide-react";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

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

/**
 * A step's input or output, pretty-printed. Large values are cut in the page (rendering
 * megabytes of JSON freezes the tab) with a "Download JSON" button for the whole value.
 */
export function JsonViewer({ value, label, filename }: { value: unknown; label: string; filename: string }) {
  const text = useMemo(() => (value === undefined ? "null" : (JSON.stringify(value, null, 2) ?? "null")), [value]);
  const truncated = text.length > JSON_PREVIEW_CHARS;
  return (
    <div className="grid gap-1.5" data-testid={`json-${label.toLowerCase()}`} data-truncated={truncated || undefined}>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <div className="flex items-center gap-1.5">
          {truncated && (
            <Button type="button" size="sm" variant="outline" onClick={() => downloadJson(filename, text)}>
              <Download className="size-3.5" aria-hidden /> Download JSON
            </Button>
          )}
          <CopyButton value={text} label={`Copy ${label.toLowerCase()}`} />
        </div>
      </div>
      <pre className="max-h-80 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed">
        <code>{truncated ? text.slice(0, JSON_PREVIEW_CHARS) : text}</code>
      </pre>
      {truncated && (
        <p className="text-xs text-muted-foreground" data-testid="json-truncated-note">
          Showing the first {kib(JSON_PREVIEW_CHARS)} of {kib(text.length)}. Download the JSON for the full value.
        </p>
      )}
    </div>
  );
}
