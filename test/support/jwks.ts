import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from "jose";

// A local identity provider: an RS256 key pair (plus any added later, for rotation tests)
// published as a JWKS on 127.0.0.1, and a signer for end-user JWTs.

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };

export async function startJwksServer() {
  const keys: Key[] = [];
  let fetches = 0;
  const addKey = async (kid: string, alg = "RS256") => {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
    keys.push({ kid, privateKey, jwk });
    return { kid, privateKey };
  };
  await addKey("k1");
  const server = createServer((req, res) => {
    fetches++;
    const body = JSON.stringify({ keys: keys.map((k) => k.jwk) });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  const issuer = "https://idp.test";
  return {
    url,
    issuer,
    audience: "agent-clients",
    get fetches() {
      return fetches;
    },
    addKey,
    /** Drops a key from the published set (its tokens stop verifying once the set is refetched). */
    removeKey(kid: string) {
      const i = keys.findIndex((k) => k.kid === kid);
      if (i >= 0) keys.splice(i, 1);
    },
    async sign(claims: Record<string, unknown>, opts: { kid?: string; alg?: string; issuer?: string; audience?: string; expiresIn?: string | number; key?: CryptoKey } = {}) {
      const key = opts.key ?? keys.find((k) => k.kid === (opts.kid ?? "k1"))!.privateKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: opts.alg ?? "RS256", kid: opts.kid ?? "k1" })
        .setIssuer(opts.issuer ?? issuer)
        .setAudience(opts.audience ?? "agent-clients")
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? "5m")
        .sign(key);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type AgentRequest = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string };

/** A customer's agent on 127.0.0.1 that records what it receives and answers JSON (or `handler`'s answer). */
export async function startFakeAgent(handler?: (req: AgentRequest, res: import("node:http").ServerResponse) => void | Promise<void>) {
  const seen: AgentRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return; // the gateway cut the request off (a body over its cap): nothing arrived
    }
    const r: AgentRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    seen.push(r);
    if (handler) return handler(r, res);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, user: req.headers["x-end-user-id"] ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}
