"use client";
import Script from "next/script";
import { useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";

type CredentialResponse = { credential?: string };
type GoogleIdentity = {
  accounts: {
    id: {
      initialize(options: Record<string, unknown>): void;
      prompt(): void;
      cancel(): void;
    };
  };
};

/**
 * Google One Tap: Google's script shows its prompt; the ID token it hands back is verified
 * by POST /v1/auth/oauth/google/one-tap, which sets the session cookie. Rendered only when
 * GOOGLE_CLIENT_ID is configured, so the script is not loaded otherwise.
 */
export function GoogleOneTap({ clientId, callbackUrl }: { clientId: string; callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);

  const onCredential = useCallback(
    async ({ credential }: CredentialResponse) => {
      if (!credential) return;
      setError(null);
      const res = await fetch("/v1/auth/oauth/google/one-tap", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ credential }),
        credentials: "same-origin",
      }).catch(() => null);
      if (res?.ok) {
        window.location.assign(callbackUrl);
        return;
      }
      const body = res ? await res.json().catch(() => null) : null;
      setError(body?.error?.message ?? "Google sign-in did not complete. Try the button instead.");
    },
    [callbackUrl],
  );

  const init = useCallback(() => {
    const google = (window as unknown as { google?: GoogleIdentity }).google;
    if (!google) return;
    google.accounts.id.initialize({
      client_id: clientId,
      callback: onCredential,
      auto_select: false,
      cancel_on_tap_outside: true,
      context: "signin",
      itp_support: true,
      use_fedcm_for_prompt: true,
    });
    google.accounts.id.prompt();
  }, [clientId, onCredential]);

  return (
    <>
      <Script src="https://accounts.google.com/gsi/client" strategy="afterInteractive" onReady={init} />
      {error && (
        <Alert variant="destructive" className="mb-4">
          {error}
        </Alert>
      )}
    </>
  );
}
