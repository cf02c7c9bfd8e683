import { createHmac, timingSafeEqual } from "node:crypto";

// Download links: `?token=<expiry ms>.<HMAC-SHA256(key, "<export id>.<expiry ms>")>`, the key
// derived from AUTH_SECRET. A link names one export and stops working at its expiry; anyone
// holding an unexpired link can download (so it is shown only to whoever may export).

function linkKey(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return createHmac("sha256", secret).update("agentruntime/data-export-link/v1").digest();
}

function mac(exportId: string, expiresMs: number): string {
  return createHmac("sha256", linkKey()).update(`${exportId}.${expiresMs}`).digest("base64url");
}

export function signDownloadToken(exportId: string, expiresAt: Date): string {
  const ms = expiresAt.getTime();
  return `${ms}.${mac(exportId, ms)}`;
}

/** "ok", "expired" (signed by us, past its time) or "invalid" (malformed, or not ours for this export). */
export function checkDownloadToken(exportId: string, token: string | null, now = Date.now()): "ok" | "expired" | "invalid" {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token ?? "");
  if (!m) return "invalid";
  const expected = Buffer.from(mac(exportId, Number(m[1])));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return Number(m[1]) > now ? "ok" : "expired";
}
