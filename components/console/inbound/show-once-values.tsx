"use client";
import { CodeBlock } from "@/components/ui/code-block";
import { SecretValue, ShowOnce, ShowOnceSection, ShowOnceWarning } from "../show-once";
import { curlExample } from "./curl-example";

function Value({ id, label, value }: { id: string; label: string; value: string }) {
  return <SecretValue id={id} label={label} value={value} copyLabel={`Copy ${label.toLowerCase()}`} />;
}

/**
 * The one time a subscription's signing secret (and, at creation, its token) is visible:
 * copy buttons and a curl example that signs a sample body with openssl.
 */
export function ShowOnceValues({ url, secret, token, sampleBody }: { url: string; secret: string; token?: string; sampleBody: string }) {
  const curl = curlExample({ url, secret, token: token ?? "<your inbound token>", body: sampleBody });
  return (
    <ShowOnce>
      <ShowOnceWarning>
        Copy {token ? "the signing secret and the token" : "the new signing secret"} now. For your security {token ? "they" : "it"} will not be shown again.
      </ShowOnceWarning>
      <Value id="inbound-url" label="Endpoint URL" value={url} />
      <Value id="inbound-secret" label="Signing secret" value={secret} />
      {token && <Value id="inbound-token" label="Token" value={token} />}
      <ShowOnceSection title="Try it">
        <p className="text-xs text-muted-foreground">
          Sign the exact bytes you send: <code className="font-mono">X-Agentruntime-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</code>. Add an{" "}
          <code className="font-mono">Idempotency-Key</code> header to make retries start one run.
        </p>
        <CodeBlock code={curl} label="Copy curl command" />
      </ShowOnceSection>
    </ShowOnce>
  );
}
