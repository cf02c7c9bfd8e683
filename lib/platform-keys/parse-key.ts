import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

// The platform's Ed25519 signing key (PLATFORM_SIGNING_KEY): a PKCS#8 PEM or a private JWK
// (JSON, kty OKP, crv Ed25519, with d). Pure node:crypto, so the launcher can check and
// generate it without the app. Never logs or returns the key itself.

export type ParsedPlatformKey = { privateKey: KeyObject; publicJwk: { kty: "OKP"; crv: "Ed25519"; x: string } };

export function parsePlatformKey(value: string, name = "PLATFORM_SIGNING_KEY"): ParsedPlatformKey {
  let privateKey: KeyObject;
  try {
    const text = value.trim();
    privateKey = text.startsWith("{")
      ? createPrivateKey({ key: JSON.parse(text), format: "jwk" })
      : createPrivateKey({ key: text.replace(/\\n/g, "\n"), format: "pem" });
  } catch {
    throw new Error(`${name} is invalid: expected an Ed25519 private key as PKCS#8 PEM or JWK`);
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${name} is invalid: the key must be Ed25519`);
  const jwk = createPublicKey(privateKey).export({ format: "jwk" }) as { x?: string };
  return { privateKey, publicJwk: { kty: "OKP", crv: "Ed25519", x: jwk.x! } };
}

/** A new key as PKCS#8 PEM (development only: `npm start` keeps it in .data/secrets.json). */
export function generatePlatformKeyPem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}
