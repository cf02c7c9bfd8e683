// A small OAuth 2.0 authorization server on 127.0.0.1 standing in for Google and LinkedIn
// in tests: discovery, an auto-approving /authorize, /token (authorization_code with PKCE
// S256 verification, refresh_token), /revoke and a protected /resource that answers 401
// to unknown or expired access tokens. Switches make refreshes fail; counters let tests
// prove how many refreshes reached it. Used by the Vitest suite and by Playwright.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";

type RefreshFailure = "invalid_grant" | "server_error" | null;

export type FakeOAuthOptions = {
  port?: number;
  clientId: string;
  clientSecret: string;
  /** Access token lifetime in seconds (default 3600). */
  accessTtl?: number;
  /** Issue a new refresh token on every refresh (rotation). */
  rotateRefreshTokens?: boolean;
  account?: { sub: string; email: string; name?: string };
};

type Grant = { clientId: string; scope: string; refreshToken: string };
type AccessToken = { expiresAt: number; refreshToken: string };
type Code = { clientId: string; redirectUri: string; challenge: string; scope: string; expiresAt: number };

const MAX_REQUESTS = 5_000;

export async function startFakeOAuthServer(opts: FakeOAuthOptions) {
  const account = opts.account ?? { sub: "fake-user-1", email: "connected.user@example.test", name: "Connected User" };
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "fake-1", alg: "RS256", use: "sig" };
  const codes = new Map<string, Code>();
  const grants = new Map<string, Grant>(); // by refresh token
  const accessTokens = new Map<string, AccessToken>();
  const state = {
    accessTtl: opts.accessTtl ?? 3600,
    rotateRefreshTokens: opts.rotateRefreshTokens ?? false,
    failRefresh: null as RefreshFailure,
    /** The next /authorize answers error=access_denied (the user clicked "Cancel"). */
    denyNext: false,
    /** Delay before a refresh is answered, to widen race windows in concurrency tests. */
    refreshDelayMs: 0,
    /** Answer token requests without `token_type`, as LinkedIn's classic endpoint does. */
    omitTokenType: false,
    refreshCalls: 0,
    codeExchanges: 0,
    requests: 0,
    lastAuthorizeParams: null as URLSearchParams | null,
  };
  let issuer = "";

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (state.omitTokenType && body && typeof body === "object" && "token_type" in body) delete (body as Record<string, unknown>).token_type;
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
    res.end(JSON.stringify(body));
  };
  const readForm = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  };
  const clientOk = (req: IncomingMessage, form: URLSearchParams) => {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
    if (basic) {
      const [id, secret] = Buffer.from(basic[1], "base64").toString().split(":").map(decodeURIComponent);
      return id === opts.clientId && secret === opts.clientSecret;
    }
    return form.get("client_id") === opts.clientId && form.get("client_secret") === opts.clientSecret;
  };
  const issueAccess = (refreshToken: string) => {
    const token = `fake_at_${randomBytes(16).toString("hex")}`;
    accessTokens.set(token, { expiresAt: Date.now() + state.accessTtl * 1000, refreshToken });
    return token;
  };
  const idToken = (key: CryptoKey) =>
    new SignJWT({ email: account.email, email_verified: true, name: account.name })
      .setProtectedHeader({ alg: "RS256", kid: "fake-1" })
      .setIssuer(issuer)
      .setAudience(opts.clientId)
      .setSubject(account.sub)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(key);

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    if (!clientOk(req, form)) return send(res, 401, { error: "invalid_client" });
    if (form.get("grant_type") === "authorization_code") {
      state.codeExchanges++;
      const code = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!code || code.expiresAt < Date.now() || code.redirectUri !== form.get("redirect_uri")) return send(res, 400, { error: "invalid_grant", error_description: "Bad code" });
      const verifier = form.get("code_verifier") ?? "";
      if (createHash("sha256").update(verifier).digest("base64url") !== code.challenge) return send(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
      const refreshToken = `fake_rt_${randomBytes(16).toString("hex")}`;
      grants.set(refreshToken, { clientId: code.clientId, scope: code.scope, refreshToken });
      const body: Record<string, unknown> = { access_token: issueAccess(refreshToken), token_type: "Bearer", expires_in: state.accessTtl, refresh_token: refreshToken, scope: code.scope };
      if (code.scope.split(" ").includes("openid")) body.id_token = await idToken(privateKey);
      return send(res, 200, body);
    }
    if (form.get("grant_type") === "refresh_token") {
      state.refreshCalls++;
      if (state.refreshDelayMs) await new Promise((r) => setTimeout(r, state.refreshDelayMs));
      if (state.failRefresh === "server_error") return send(res, 503, { error: "temporarily_unavailable" });
      const grant = grants.get(form.get("refresh_token") ?? "");
      if (state.failRefresh === "invalid_grant" || !grant) return send(res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
      let refreshToken = grant.refreshToken;
      if (state.rotateRefreshTokens) {
        grants.delete(refreshToken);
        refreshToken = `fake_rt_${randomBytes(16).toString("hex")}`;
        grants.set(refreshToken, { ...grant, refreshToken });
      }
      const body: Record<string, unknown> = { access_token: issueAccess(refreshToken), token_type: "Bearer", expires_in: state.accessTtl, scope: grant.scope };
      if (state.rotateRefreshTokens) body.refresh_token = refreshToken;
      return send(res, 200, body);
    }
    return send(res, 400, { error: "unsupported_grant_type" });
  }

  function authorize(url: URL, res: ServerResponse) {
    const p = url.searchParams;
    state.lastAuthorizeParams = p;
    const redirect = p.get("redirect_uri");
    if (p.get("client_id") !== opts.clientId || !redirect) return send(res, 400, { error: "invalid_request" });
    const back = new URL(redirect);
    if (p.get("state")) back.searchParams.set("state", p.get("state")!);
    if (state.denyNext) {
      state.denyNext = false;
      back.searchParams.set("error", "access_denied");
    } else {
      if (p.get("response_type") !== "code" || p.get("code_challenge_method") !== "S256" || !p.get("code_challenge")) return send(res, 400, { error: "invalid_request" });
      const code = `fake_code_${randomBytes(12).toString("hex")}`;
      codes.set(code, { clientId: opts.clientId, redirectUri: redirect, challenge: p.get("code_challenge")!, scope: p.get("scope") ?? "", expiresAt: Date.now() + 60_000 });
      back.searchParams.set("code", code);
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  const server = createServer((req, res) => {
    if (++state.requests > MAX_REQUESTS) return send(res, 429, { error: "too_many_requests" });
    const url = new URL(req.url ?? "/", issuer || "http://127.0.0.1");
    const route = `${req.method} ${url.pathname}`;
    const done = (p: Promise<void> | void) => Promise.resolve(p).catch(() => send(res, 500, { error: "server_error" }));
    switch (route) {
      case "GET /.well-known/openid-configuration":
      case "GET /.well-known/oauth-authorization-server":
        return send(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          revocation_endpoint: `${issuer}/revoke`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          code_challenge_methods_supported: ["S256"],
          id_token_signing_alg_values_supported: ["RS256"],
        });
      case "GET /jwks":
        return send(res, 200, { keys: [jwk] });
      case "GET /authorize":
        return authorize(url, res);
      case "POST /token":
        return void done(token(req, res));
      case "POST /revoke":
        return void done(
          readForm(req).then((form) => {
            const t = form.get("token") ?? "";
            grants.delete(t);
            accessTokens.delete(t);
            res.writeHead(200).end();
          }),
        );
      case "GET /resource": {
        const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
        const at = accessTokens.get(bearer);
        if (!at || at.expiresAt <= Date.now()) return send(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
        return send(res, 200, { ok: true, sub: account.sub });
      }
      default:
        return send(res, 404, { error: "not_found" });
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    account,
    state,
    urls: { authorize: `${issuer}/authorize`, token: `${issuer}/token`, revoke: `${issuer}/revoke`, resource: `${issuer}/resource` },
    /** Every issued access token stops working now (the next upstream call gets a 401). */
    expireAccessTokens() {
      for (const t of accessTokens.values()) t.expiresAt = 0;
    },
    /** The user revoked the app: every refresh token and access token is gone. */
    revokeAll() {
      grants.clear();
      accessTokens.clear();
    },
    isLiveAccessToken: (t: string) => (accessTokens.get(t)?.expiresAt ?? 0) > Date.now(),
    isLiveRefreshToken: (t: string) => grants.has(t),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type FakeOAuthServer = Awaited<ReturnType<typeof startFakeOAuthServer>>;

/** Where the e2e run's fake provider listens (started by the spec; the app is told up front). */
export const E2E_OAUTH_PORT = 3127;
const E2E_OAUTH_ISSUER = `http://127.0.0.1:${E2E_OAUTH_PORT}`;
export const E2E_OAUTH_CLIENT = { id: "e2e-connections-client", secret: "e2e-connections-secret" };

/** The app's environment for Google and LinkedIn connections against the e2e fake provider. */
export function oauthConnectionsEnv(): Record<string, string> {
  return {
    GOOGLE_CONNECTIONS_CLIENT_ID: E2E_OAUTH_CLIENT.id,
    GOOGLE_CONNECTIONS_CLIENT_SECRET: E2E_OAUTH_CLIENT.secret,
    GOOGLE_OAUTH_ISSUER: E2E_OAUTH_ISSUER,
    GOOGLE_OAUTH_AUTHORIZATION_URL: `${E2E_OAUTH_ISSUER}/authorize`,
    GOOGLE_OAUTH_TOKEN_URL: `${E2E_OAUTH_ISSUER}/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${E2E_OAUTH_ISSUER}/revoke`,
    LINKEDIN_CLIENT_ID: E2E_OAUTH_CLIENT.id,
    LINKEDIN_CLIENT_SECRET: E2E_OAUTH_CLIENT.secret,
    LINKEDIN_OAUTH_ISSUER: E2E_OAUTH_ISSUER,
  };
}
