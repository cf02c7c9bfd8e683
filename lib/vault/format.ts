import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { VaultError } from "./errors";

// Ciphertext format, version 1 (one self-describing byte string, stored as-is in Bytes columns):
//
//   offset 0        1 byte    format version = 0x01
//   offset 1       12 bytes   nonce: 96 random bits, fresh for every encryption
//   offset 13       n bytes   AES-256-GCM ciphertext (n = plaintext length)
//   offset 13+n    16 bytes   GCM authentication tag (128 bits)
//
// The authenticated data is the version byte followed by the caller's context (see aad.ts), so
// changing the version byte, any nonce/ciphertext/tag byte, or moving the blob to another
// context fails authentication. The same format wraps data keys (context = workspace + master
// key version) and seals secrets (context = workspace + table + row + column).
// Random 96-bit nonces are safe for far more than 2^32 encryptions per key would allow; each
// workspace has its own data key, which keeps every key's message count small.
export const FORMAT_V1 = 0x01;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;
const KEY_BYTES = 32;

function withVersion(version: number, aad: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + aad.length);
  out[0] = version;
  out.set(aad, 1);
  return out;
}

/** Encrypts `plaintext` under a 32-byte key, binding `aad`; returns a v1 blob. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array<ArrayBuffer> {
  if (key.length !== KEY_BYTES) throw new VaultError("encryption key must be 32 bytes");
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(withVersion(FORMAT_V1, aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  const out = new Uint8Array(new ArrayBuffer(HEADER_BYTES + body.length + TAG_BYTES));
  out[0] = FORMAT_V1;
  out.set(nonce, 1);
  out.set(body, HEADER_BYTES);
  out.set(tag, HEADER_BYTES + body.length);
  return out;
}

/** Decrypts a v1 blob; any tampering, wrong key or wrong `aad` throws `failure`. */
export function open(key: Uint8Array, blob: Uint8Array, aad: Uint8Array, failure: string): Buffer {
  if (blob.length < HEADER_BYTES + TAG_BYTES) throw new VaultError(`${failure}: ciphertext is truncated`);
  if (blob[0] !== FORMAT_V1) throw new VaultError(`${failure}: unsupported ciphertext format version`);
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(1, HEADER_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(withVersion(FORMAT_V1, aad));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    // node's message ("Unsupported state or unable to authenticate data") adds nothing useful.
    throw new VaultError(`${failure}: authentication failed (wrong key, tampered data, or ciphertext from another record)`);
  }
}

/** The nonce of a v1 blob (a copy), e.g. to prove nonces never repeat. */
export function nonceOf(blob: Uint8Array): Buffer {
  if (blob.length < HEADER_BYTES + TAG_BYTES || blob[0] !== FORMAT_V1) throw new VaultError("not a v1 vault ciphertext");
  return Buffer.from(blob.subarray(1, HEADER_BYTES));
}
