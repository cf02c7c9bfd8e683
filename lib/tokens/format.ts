import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

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

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(body: string): string {
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
