"use client";
import { TriangleAlert } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Label } from "@/components/ui/label";
import { useConsole } from "../console-context";
import type { CreatedApiKey } from "./types";

/** The one time a key's value is visible: copy it, and a curl line to try it. */
export function NewKeyValue({ created }: { created: CreatedApiKey }) {
  const { workspace } = useConsole();
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const curl = [
    `curl -s ${origin}/v1/projects \\`,
    `  -H "Authorization: Bearer ${created.token}" \\`,
    `  -H "X-Tenant-Id: ${workspace.slug}"`,
  ].join("\n");
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <Alert className="flex gap-2 border-warning/40 bg-warning/10">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
        <span>Copy this key now. For your security it will not be shown again; only its prefix is kept.</span>
      </Alert>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
        <Label htmlFor="new-api-key-value">API key · {created.name}</Label>
        <div className="flex gap-2">
          <input
            id="new-api-key-value"
            readOnly
            value={created.token}
            onFocus={(e) => e.currentTarget.select()}
            className="h-9 min-w-0 flex-1 rounded-md border border-input bg-muted/40 px-3 font-mono text-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          />
          <CopyButton value={created.token} label="Copy API key" showLabel />
        </div>
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
        <p className="text-sm font-medium">Try it</p>
        <CodeBlock code={curl} label="Copy curl command" />
      </div>
    </div>
  );
}
