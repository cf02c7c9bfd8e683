import { cn } from "@/components/ui/cn";
import { CopyButton } from "./copy-button";

/** A command or snippet with a copy button; `copyValue` when the shown text differs. */
export function CodeBlock({ code, copyValue, label = "Copy code", className }: { code: string; copyValue?: string; label?: string; className?: string }) {
  return (
    <div className={cn("group relative rounded-md border bg-muted/40", className)}>
      <pre className="overflow-x-auto p-3 pr-12 font-mono text-xs leading-relaxed">
        <code>{code}</code>
      </pre>
      <div className="absolute right-2 top-2">
        <CopyButton value={copyValue ?? code} label={label} />
      </div>
    </div>
  );
}
