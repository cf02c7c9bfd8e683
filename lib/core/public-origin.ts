// The public base URL of this deployment, for links and URLs handed out (mail links, OAuth
// callbacks, Stripe return URLs, inbound ingress URLs): APP_URL when configured (behind
// proxies), else the origin the request was addressed to, else http://localhost:$PORT.
// No trailing slash. Imports nothing else from lib.

export function publicOrigin(meta?: { origin?: string | null } | null): string {
  const configured = process.env.APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  if (meta?.origin) return meta.origin;
  return `http://localhost:${process.env.PORT || 3000}`;
}
