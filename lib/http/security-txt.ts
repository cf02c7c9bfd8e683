// RFC 9116 security.txt. Expires is computed per request (one year ahead) so the file never
// goes stale; Canonical and Policy derive from APP_URL.
type SecurityTxtConfig = { appUrl: string; contact?: string; policyUrl?: string; now?: Date };

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export function securityTxt(cfg: SecurityTxtConfig): string {
  const base = cfg.appUrl.replace(/\/+$/, "");
  const host = new URL(base).hostname;
  const now = cfg.now ?? new Date();
  const expires = new Date(now.getTime() + YEAR_MS);
  expires.setUTCMilliseconds(0);
  return [
    `Contact: ${cfg.contact ?? `mailto:security@${host}`}`,
    `Expires: ${expires.toISOString().replace(".000Z", "Z")}`,
    "Preferred-Languages: en",
    `Canonical: ${base}/.well-known/security.txt`,
    `Policy: ${cfg.policyUrl ?? `${base}/security`}`,
    "",
  ].join("\n");
}
