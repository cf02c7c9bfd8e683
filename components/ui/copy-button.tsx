"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Button } from "./button";

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain-http origins (a LAN host) have no async clipboard; the legacy path still works there.
  const el = document.createElement("textarea");
  el.value = text;
  el.setAttribute("readonly", "");
  el.style.position = "fixed";
  el.style.opacity = "0";
  document.body.appendChild(el);
  el.select();
  document.execCommand("copy");
  el.remove();
}

export function CopyButton({ value, label = "Copy", className, size = "sm", showLabel = false }: { value: string; label?: string; className?: string; size?: "sm" | "icon"; showLabel?: boolean }) {
  const [copied, setCopied] = useState(false);
  const Icon = copied ? Check : Copy;
  return (
    <Button
      type="button"
      variant="outline"
      size={showLabel ? "sm" : size === "icon" ? "icon" : "sm"}
      className={cn(!showLabel && "size-8 px-0", className)}
      aria-label={copied ? "Copied" : label}
      title={label}
      onClick={async () => {
        await writeClipboard(value);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      <Icon className={cn("size-3.5", copied && "text-success")} aria-hidden />
      {showLabel && (copied ? "Copied" : label)}
    </Button>
  );
}

/** A read-only value (token, DNS record, command) with its copy button. */
export function CopyField({ value, label, multiline = false, className }: { value: string; label: string; multiline?: boolean; className?: string }) {
  return (
    <div className={cn("flex items-start gap-2 rounded-md border bg-muted/40 p-2 pl-3", className)}>
      <code aria-label={label} className={cn("min-w-0 flex-1 py-1 font-mono text-xs", multiline ? "whitespace-pre-wrap break-all" : "truncate")}>
        {value}
      </code>
      <CopyButton value={value} label={`Copy ${/^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label}`} />
    </div>
  );
}
