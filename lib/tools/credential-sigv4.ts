import "server-only";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";

// AWS Signature Version 4 for the tool proxy. The outgoing URL is first rewritten to the
// canonical encoding (RFC 3986, each path segment and query component encoded once, query
// sorted) so the bytes on the wire are exactly what was signed, whatever encoding the agent
// used. S3 is the exception AWS documents: its path is signed as sent (not double-encoded) and
// it requires x-amz-content-sha256; other services sign the double-encoded path and get no
// payload hash header (the get-vanilla vectors).

export type AwsKeys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
export type SigV4Request = { method: string; url: URL; headers: Record<string, string>; body: Buffer };
export type SigV4Options = { service: string; region: string; signingDate?: Date };

const S3_SERVICES = new Set(["s3", "s3-object-lambda", "s3-outposts", "s3express"]);
/** Headers the signer sets; any the agent sent are dropped. */
const SIGNER_HEADERS = new Set(["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "host"]);
/** Signed besides x-amz-*: stable end to end, unlike hop-by-hop or client-library headers. */
const SIGNED_PLAIN_HEADERS = new Set(["host", "content-type", "content-md5"]);

/** The AWS key pair from an api_key connection's secret (JSON), or null when malformed. */
export function parseAwsKeys(secret: string): AwsKeys | null {
  let v: unknown;
  try {
    v = JSON.parse(secret);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object") return null;
  const { accessKeyId, secretAccessKey, sessionToken } = v as Record<string, unknown>;
  const text = (s: unknown) => typeof s === "string" && s.length > 0 && s.length <= 4096 && !/[\r\n]/.test(s);
  if (!text(accessKeyId) || !text(secretAccessKey)) return null;
  if (sessionToken !== undefined && sessionToken !== null && !text(sessionToken)) return null;
  return { accessKeyId: accessKeyId as string, secretAccessKey: secretAccessKey as string, ...(sessionToken ? { sessionToken: sessionToken as string } : {}) };
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function decodeLoose(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The query as the signer takes it (decoded, repeated names as arrays) and its canonical wire form. */
function canonicalQuery(url: URL): { query: Record<string, string | string[]>; search: string } {
  const query: Record<string, string | string[]> = {};
  const pairs: string[] = [];
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    pairs.push(`${rfc3986(k)}=${rfc3986(v)}`);
  }
  // Sorted by the encoded pair, which is the canonical order (by name, then by value).
  pairs.sort((a, b) => {
    const [ka, va] = a.split("=");
    const [kb, vb] = b.split("=");
    return ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0;
  });
  return { query, search: pairs.join("&") };
}

/** Signs the request: returns it with a canonical URL, x-amz-date, the token and Authorization. */
export async function signSigV4(request: SigV4Request, keys: AwsKeys, opts: SigV4Options): Promise<SigV4Request> {
  const url = new URL(request.url);
  url.hash = "";
  url.pathname = url.pathname.split("/").map((seg) => rfc3986(decodeLoose(seg))).join("/");
  const { query, search } = canonicalQuery(url);
  url.search = search;

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) if (!SIGNER_HEADERS.has(k.toLowerCase())) headers[k] = v;
  headers.host = url.host;
  const unsignable = new Set(Object.keys(headers).map((k) => k.toLowerCase()).filter((k) => !SIGNED_PLAIN_HEADERS.has(k) && !k.startsWith("x-amz-")));

  const s3 = S3_SERVICES.has(opts.service);
  const signer = new SignatureV4({ service: opts.service, region: opts.region, credentials: keys, sha256: Hash.bind(null, "sha256"), uriEscapePath: !s3, applyChecksum: s3 });
  const signed = await signer.sign(
    { method: request.method.toUpperCase(), protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, query, headers, body: request.body },
    { signingDate: opts.signingDate ?? new Date(), unsignableHeaders: unsignable },
  );
  return { method: request.method, url, headers: signed.headers, body: request.body };
}
