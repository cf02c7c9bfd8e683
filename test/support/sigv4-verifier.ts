import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * SigV4 verification written from AWS's description, not from the signer: the canonical request
 * is rebuilt from the raw request line, the headers the Authorization names and the received
 * body. Returns why it is refused, or null.
 */
export function verifySigV4(r: IncomingMessage, body: Buffer, keys: { accessKeyId: string; secretAccessKey: string }): string | null {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(r.headers.authorization ?? "");
  if (!m) return "no SigV4 authorization";
  const [, akid, day, region, service, signedList, signature] = m;
  if (akid !== keys.accessKeyId) return "unknown key";
  const amzDate = String(r.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(day)) return "date mismatch";
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const [rawPath, rawQuery = ""] = (r.url ?? "/").split("?");
  const path = service === "s3" ? rawPath : rawPath.split("/").map(enc).join("/");
  const query = rawQuery
    .split("&")
    .filter(Boolean)
    .map((p) => {
      const [k, v = ""] = p.split("=");
      return [enc(decodeURIComponent(k)), enc(decodeURIComponent(v))];
    })
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = signedList.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) return "host and x-amz-date must be signed";
  const headers = names.map((n) => `${n}:${String(r.headers[n] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const payloadHash = createHash("sha256").update(body).digest("hex");
  if (service === "s3" && r.headers["x-amz-content-sha256"] !== payloadHash) return "payload hash header mismatch";
  const canonical = [r.method, path, query, headers, signedList, payloadHash].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
  const key = [day, region, service, "aws4_request"].reduce<Buffer | string>((k, part) => hmac(k, part), `AWS4${keys.secretAccessKey}`);
  const expected = createHmac("sha256", key).update(toSign).digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex")) ? null : "signature mismatch";
}
