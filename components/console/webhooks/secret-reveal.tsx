"use client";
import { TriangleAlert } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Label } from "@/components/ui/label";

const SNIPPET = `import { verifyWebhook } from "./verify"; // lib/webhooks/verify.ts, node:crypto only

// In your handler, with the RAW body (not re-serialised JSON):
const result = verifyWebhook({ secret: process.env.AGENTRUNTIME_WEBHOOK_SECRET, body: rawBody, headers: req.headers });
if (!result.ok) return res.status(400).end(result.reason);`;

/** The one time a signing secret is visible: copy it, and how to verify deliveries with it. */
export function SecretReveal({ secret, note }: { secret: string; note?: string }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <Alert className="flex gap-2 border-warning/40 bg-warning/10">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
        <span>Copy this signing secret now. It will not be shown again; only its last characters are kept for reference.{note ? ` ${note}` : ""}</span>
      </Alert>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
        <Label htmlFor="webhook-secret-value">Signing secret</Label>
        <div className="flex gap-2">
          <input
            id="webhook-secret-value"
            data-testid="webhook-secret"
            readOnly
            value={secret}
            onFocus={(e) => e.currentTarget.select()}
            className="h-9 min-w-0 flex-1 rounded-md border border-input bg-muted/40 px-3 font-mono text-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          />
          <CopyButton value={secret} label="Copy signing secret" showLabel />
        </div>
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
        <p className="text-sm font-medium">Verify deliveries</p>
        <p className="text-xs text-muted-foreground">
          Each POST carries <code className="font-mono">X-Agentruntime-Timestamp</code> and <code className="font-mono">X-Agentruntime-Signature: v1=…</code> (HMAC-SHA256 of
          timestamp + &quot;.&quot; + body). Reject timestamps more than 5 minutes off.
        </p>
        <CodeBlock code={SNIPPET} label="Copy verification code" />
      </div>
    </div>
  );
}
