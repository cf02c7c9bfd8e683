"use client";
import { CodeBlock } from "@/components/ui/code-block";
import { SecretValue, ShowOnce, ShowOnceSection, ShowOnceWarning } from "../show-once";

const SNIPPET = `import { verifyWebhook } from "./verify"; // lib/webhooks/verify.ts, node:crypto only

// In your handler, with the RAW body (not re-serialised JSON):
const result = verifyWebhook({ secret: process.env.AGENTRUNTIME_WEBHOOK_SECRET, body: rawBody, headers: req.headers });
if (!result.ok) return res.status(400).end(result.reason);`;

/** The one time a signing secret is visible: copy it, and how to verify deliveries with it. */
export function SecretReveal({ secret, note }: { secret: string; note?: string }) {
  return (
    <ShowOnce>
      <ShowOnceWarning>Copy this signing secret now. It will not be shown again; only its last characters are kept for reference.{note ? ` ${note}` : ""}</ShowOnceWarning>
      <SecretValue id="webhook-secret-value" testId="webhook-secret" label="Signing secret" value={secret} copyLabel="Copy signing secret" />
      <ShowOnceSection title="Verify deliveries">
        <p className="text-xs text-muted-foreground">
          Each POST carries <code className="font-mono">X-Agentruntime-Timestamp</code> and <code className="font-mono">X-Agentruntime-Signature: v1=…</code> (HMAC-SHA256 of
          timestamp + &quot;.&quot; + body). Reject timestamps more than 5 minutes off.
        </p>
        <CodeBlock code={SNIPPET} label="Copy verification code" />
      </ShowOnceSection>
    </ShowOnce>
  );
}
