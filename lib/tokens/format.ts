import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";

// Token format: <prefix><32 base62 chars of randomness (≈190 bits)><6 base62 chars of CRC32>.
// The checksum lets us reject malformed or mistyped tokens before any database lookup,
// and lets secret scanners recognise real tokens (as GitHub's and unkey's do).
const TOKEN_PREFIXES = { pat: "ar_pat_", agent: "ar_agt_", platform: "ar_platform_" } as const;
type TokenKind = keyof typeof TOKEN_PREFIXES;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

function randomBase62(length: number): string {
  // Rejection sampling keeps the distribution uniform (248 = 4 × 62).
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function checksum(body: string): string {
  // CRC-32 (IEEE), zlib's native one: the checksum is computed on every authenticated request.
  let n = crc32(body);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export function generateToken(kind: TokenKind): string {
  const body = randomBase62(BODY_LENGTH);
  return `${TOKEN_PREFIXES[kind]}${body}${checksum(body)}`;
}

/** True when the token has the right prefix, length, alphabet and checksum. No I/O. */
export function isWellFormedToken(token: string, kind: TokenKind): boolean {
  const prefix = TOKEN_PREFIXES[kind];
  if (typeof token !== "string" || !token.startsWith(prefix)) return false;
  const rest = token.slice(prefix.length);
  if (rest.length !== BODY_LENGTH + CHECKSUM_LENGTH || !/^[0-9A-Za-z]+$/.test(rest)) return false;
  const body = rest.slice(0, BODY_LENGTH);
  const sum = rest.slice(BODY_LENGTH);
  return timingSafeEqual(Buffer.from(checksum(body)), Buffer.from(sum));
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What the console shows: the prefix and the first characters, never enough to use. */
export function displayPrefix(token: string): string {
  const kind = (Object.values(TOKEN_PREFIXES) as string[]).find((p) => token.startsWith(p)) ?? "";
  return token.slice(0, kind.length + 6);
}
