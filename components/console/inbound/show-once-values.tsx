"use client";
import { TriangleAlert } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Label } from "@/components/ui/label";
import { curlExample } from "./curl-example";

function Value({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border border-input bg-muted/40 px-3 font-mono text-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        />
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} showLabel />
      </div>
    </div>
  );
}

/**
 * The one time a subscription's signing secret (and, at creation, its token) is visible:
 * copy buttons and a curl example that signs a sample body with openssl.
 */
export function ShowOnceValues({ url, secret, token, sampleBody }: { url: string; secret: string; token?: string; sampleBody: string }) {
  const curl = curlExample({ url, secret, token: token ?? "<your inbound token>", body: sampleBody });
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <Alert className="flex gap-2 border-warning/40 bg-warning/10">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
        <span>Copy {token ? "the signing secret and the token" : "the new signing secret"} now. For your security {token ? "they" : "it"} will not be shown again.</span>
      </Alert>
      <Value id="inbound-url" label="Endpoint URL" value={url} />
      <Value id="inbound-secret" label="Signing secret" value={secret} />
      {token && <Value id="inbound-token" label="Token" value={token} />}
      <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
        <p className="text-sm font-medium">Try it</p>
        <p className="text-xs text-muted-foreground">
          Sign the exact bytes you send: <code className="font-mono">X-Agentruntime-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</code>. Add an{" "}
          <code className="font-mono">Idempotency-Key</code> header to make retries start one run.
        </p>
        <CodeBlock code={curl} label="Copy curl command" />
      </div>
    </div>
  );
}
