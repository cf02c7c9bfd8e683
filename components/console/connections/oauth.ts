"use client";
import { api } from "@/lib/client/api";

export type OAuthAvailability = Record<"google" | "linkedin", { configured: boolean; scopes: { key: string; label: string }[] }>;

/**
 * Starts (or, with connectionId, re-runs in place) the OAuth flow and sends the browser to
 * the provider; it comes back to this page with ?connected= or ?oauth_error=.
 */
export async function startOAuth(
  provider: "google" | "linkedin",
  ctx: { tenant: string; project: string },
  body: { name?: string; environment?: string; scopes?: string[]; connectionId?: string },
): Promise<void> {
  const returnTo = window.location.pathname;
  const { authorizationUrl } = await api<{ authorizationUrl: string }>(`/v1/connections/${provider}/authorize`, {
    method: "POST",
    tenant: ctx.tenant,
    project: ctx.project,
    body: { ...body, returnTo },
  });
  window.location.assign(authorizationUrl);
}
