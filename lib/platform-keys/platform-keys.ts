import "server-only";
import { calculateJwkThumbprint, CompactSign, type JWK } from "jose";
import { parsePlatformKey, type ParsedPlatformKey } from "./parse-key";

// The platform's signing key, for documents anyone can check offline: run receipts, deletion
// certificates. Signs compact JWS with EdDSA (Ed25519); the public half is served as a JWKS at
// /.well-known/agentruntime-keys.json. Rotation: put the old key's public JWK in
// PLATFORM_VERIFY_KEYS (a JSON array) so documents it signed still verify, and set the new one.

export const PLATFORM_JWKS_PATH = "/.well-known/agentruntime-keys.json";

type Loaded = ParsedPlatformKey & { kid: string; source: string };
let cached: Loaded | null = null;

async function signingKey(): Promise<Loaded> {
  const source = process.env.PLATFORM_SIGNING_KEY;
  if (!source?.trim()) throw new Error("PLATFORM_SIGNING_KEY is not set");
  if (cached?.source === source) return cached;
  const parsed = parsePlatformKey(source);
  cached = { ...parsed, kid: await calculateJwkThumbprint(parsed.publicJwk), source };
  return cached;
}

function retiredKeys(): JWK[] {
  const raw = process.env.PLATFORM_VERIFY_KEYS;
  if (!raw?.trim()) return [];
  const keys = JSON.parse(raw) as JWK[];
  if (!Array.isArray(keys) || keys.some((k) => k.kty !== "OKP" || k.crv !== "Ed25519" || typeof k.x !== "string" || "d" in k)) {
    throw new Error("PLATFORM_VERIFY_KEYS is invalid: expected a JSON array of public Ed25519 JWKs");
  }
  return keys;
}

/** The public keys, newest first, each with its kid (RFC 7638 thumbprint). */
export async function platformJwks(): Promise<{ keys: JWK[] }> {
  const current = await signingKey();
  const keys: JWK[] = [{ ...current.publicJwk, kid: current.kid, alg: "EdDSA", use: "sig" }];
  for (const k of retiredKeys()) {
    const kid = k.kid ?? (await calculateJwkThumbprint(k));
    if (kid !== current.kid) keys.push({ kty: "OKP", crv: "Ed25519", x: k.x, kid, alg: "EdDSA", use: "sig" });
  }
  return { keys };
}

/** A compact JWS of `payload` (JSON), signed with the current platform key; `typ` names the document. */
export async function signPlatformJws(payload: object, typ: string): Promise<string> {
  const key = await signingKey();
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ })
    .sign(key.privateKey);
}
