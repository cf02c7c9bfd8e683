// The tool proxy's credential injection (lib/tools/credential.ts): API keys in each placement,
// SigV4 against AWS's published get-vanilla vector and an independent verifier on loopback,
// OAuth refresh (one refresh for concurrent calls, a refused refresh → needs_reconnect), the
// in-memory cache and its invalidation, and the 424/502 failures.
import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GATEWAY_CHANNEL } from "@/lib/db/notify-gateway";
import { deleteConnection } from "@/lib/connections/delete-connection";
import { updateConnection } from "@/lib/connections/update-connection";
import { setLogSink } from "@/lib/core/logger";
import { newId } from "@/lib/core/ids";
import { sealTokens } from "@/lib/connections/oauth/token-secret";
import { connectionSecretRef } from "@/lib/connections/present";
import { encryptSecret } from "@/lib/vault";
import { applyToolCredential, forgetToolCredentials, type OutgoingRequest, type ToolCredentialConfig } from "@/lib/tools/credential";
import { signSigV4 } from "@/lib/tools/credential-sigv4";
import { tenant, type Tenant } from "@/test/support/world";
import { verifySigV4 } from "@/test/support/sigv4-verifier";

let t: Tenant;
beforeAll(async () => {
  t = await tenant();
});
afterEach(() => forgetToolCredentials());

const req = (url: string, init: Partial<OutgoingRequest> = {}): OutgoingRequest => ({ method: "GET", url: new URL(url), headers: {}, body: Buffer.alloc(0), ...init });

function toolOf(kind: ToolCredentialConfig["credentialKind"], connectionId: string | null, more: Partial<ToolCredentialConfig> = {}): ToolCredentialConfig {
  return { workspaceId: t.workspace.id, projectId: t.project.id, credentialKind: kind, connectionId, credentialPlacement: "bearer", credentialName: null, sigv4Service: null, sigv4Region: null, ...more };
}

async function apiKeyConnection(secret: string, opts: { projectId?: string; status?: "active" | "pending" | "needs_reconnect" } = {}) {
  const id = newId("connection");
  await db.connection.create({
    data: {
      id,
      workspaceId: t.workspace.id,
      projectId: opts.projectId ?? t.project.id,
      name: id,
      type: "api_key",
      provider: "custom",
      status: opts.status ?? "active",
      config: { headerName: "X-Api-Key" },
      secret: await encryptSecret(connectionSecretRef(t.workspace.id, id), secret),
      secretVersion: 1,
    },
  });
  return id;
}

const ok = <R extends { ok: boolean }>(r: R) => {
  expect(r.ok).toBe(true);
  return r as Extract<R, { ok: true }>;
};

describe("api_key", () => {
  it("bearer: Authorization replaces the agent's, the key is listed for redaction", async () => {
    const id = await apiKeyConnection("sk-bearer-1");
    const r = ok(await applyToolCredential(toolOf("api_key", id), req("https://api.example.com/v1/x", { headers: { authorization: "Bearer agent-guess", Accept: "application/json" } })));
    expect(r.request.headers).toEqual({ Accept: "application/json", Authorization: "Bearer sk-bearer-1" });
    expect(r.secrets).toContain("sk-bearer-1");
  });

  it("header: the named header, case-insensitively replacing the agent's", async () => {
    const id = await apiKeyConnection("sk-header-2");
    const r = ok(await applyToolCredential(toolOf("api_key", id, { credentialPlacement: "header", credentialName: "X-Api-Key" }), req("https://api.example.com/", { headers: { "x-api-key": "mine" } })));
    expect(r.request.headers).toEqual({ "X-Api-Key": "sk-header-2" });
    expect(r.secrets).toEqual(["sk-header-2"]);
  });

  it("query: appended, replacing any same-named parameter the agent sent; other parameters untouched", async () => {
    const id = await apiKeyConnection("sk q&=/3");
    const tool = toolOf("api_key", id, { credentialPlacement: "query", credentialName: "api_key" });
    const r = ok(await applyToolCredential(tool, req("https://api.example.com/search?q=a%20b&api_key=agent&api_key=again&z=1")));
    expect(r.request.url.searchParams.getAll("api_key")).toEqual(["sk q&=/3"]);
    expect(r.request.url.search).toBe(`?q=a%20b&z=1&api_key=${encodeURIComponent("sk q&=/3")}`);
    expect(r.secrets).toEqual(expect.arrayContaining(["sk q&=/3", encodeURIComponent("sk q&=/3")]));
  });

  it("none leaves the request as it is", async () => {
    const original = req("https://api.example.com/?a=1", { headers: { Authorization: "Bearer the-agents-own" } });
    expect(await applyToolCredential(toolOf("none", null), original)).toEqual({ ok: true, request: original, secrets: [] });
  });

  it("caches the decrypted secret until forgotten for the project", async () => {
    const id = await apiKeyConnection("sk-old");
    const tool = toolOf("api_key", id);
    ok(await applyToolCredential(tool, req("https://api.example.com/")));
    await db.connection.update({ where: { id }, data: { secret: await encryptSecret(connectionSecretRef(t.workspace.id, id), "sk-new") } });
    expect(ok(await applyToolCredential(tool, req("https://api.example.com/"))).request.headers.Authorization).toBe("Bearer sk-old");
    forgetToolCredentials("prj_some_other_project");
    expect(ok(await applyToolCredential(tool, req("https://api.example.com/"))).request.headers.Authorization).toBe("Bearer sk-old");
    forgetToolCredentials(t.project.id);
    expect(ok(await applyToolCredential(tool, req("https://api.example.com/"))).request.headers.Authorization).toBe("Bearer sk-new");
  });
});

describe("failures", () => {
  it("unbound, missing, another project's or wrong-type connection → 424 credential_missing", async () => {
    const other = await apiKeyConnection("sk-other-project", { projectId: t.other.id });
    const oauthId = await oauthConnection({ accessToken: "at-x", expiresInMs: 3_600_000 });
    for (const tool of [toolOf("api_key", null), toolOf("api_key", "connection_nope"), toolOf("api_key", other), toolOf("sigv4", oauthId, { sigv4Service: "s3", sigv4Region: "us-east-1" })]) {
      expect(await applyToolCredential(tool, req("https://api.example.com/"))).toMatchObject({ ok: false, status: 424, code: "credential_missing" });
    }
    expect(await applyToolCredential(toolOf("oauth2", await apiKeyConnection("sk-not-oauth")), req("https://api.example.com/"))).toMatchObject({ ok: false, status: 424, code: "credential_missing" });
  });

  it("a connection that needs reconnecting → 424 needs_reconnect", async () => {
    const id = await apiKeyConnection("sk-stale", { status: "needs_reconnect" });
    expect(await applyToolCredential(toolOf("api_key", id), req("https://api.example.com/"))).toMatchObject({ ok: false, status: 424, code: "needs_reconnect" });
  });

  it("a secret the vault cannot open → 502 credential_unavailable, logged without the secret, not cached", async () => {
    const id = await apiKeyConnection("sk-broken");
    const good = await db.connection.findUniqueOrThrow({ where: { id }, select: { secret: true } });
    await db.connection.update({ where: { id }, data: { secret: Buffer.from("not a vault ciphertext") } });
    const logs: string[] = [];
    setLogSink((line) => logs.push(line));
    try {
      const r = await applyToolCredential(toolOf("api_key", id), req("https://api.example.com/"));
      expect(r).toMatchObject({ ok: false, status: 502, code: "credential_unavailable" });
      expect(JSON.stringify(r)).not.toContain("sk-broken");
    } finally {
      setLogSink(null);
    }
    expect(logs.join("\n")).toContain("tool credential unavailable");
    await db.connection.update({ where: { id }, data: { secret: good.secret } });
    expect(ok(await applyToolCredential(toolOf("api_key", id), req("https://api.example.com/"))).request.headers.Authorization).toBe("Bearer sk-broken");
  });

  it("a SigV4 secret that is not the key pair JSON → 424 credential_invalid", async () => {
    for (const secret of ["AKIDEXAMPLE:secret", JSON.stringify({ accessKeyId: "AKID" }), JSON.stringify({ accessKeyId: "AKID", secretAccessKey: 5 })]) {
      const id = await apiKeyConnection(secret);
      const r = await applyToolCredential(toolOf("sigv4", id, { sigv4Service: "s3", sigv4Region: "us-east-1" }), req("https://s3.amazonaws.com/"));
      expect(r).toMatchObject({ ok: false, status: 424, code: "credential_invalid" });
    }
  });
});

/** Collects the gateway channel's notifications until stopped. */
async function listen() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const seen: unknown[] = [];
  client.on("notification", (n) => n.channel === GATEWAY_CHANNEL && seen.push(JSON.parse(n.payload ?? "null")));
  await client.query(`LISTEN ${GATEWAY_CHANNEL}`);
  return { seen, stop: () => client.end() };
}

describe("connection changes notify gateways", () => {
  it("update and delete send { kind: tools, projectId } at commit", async () => {
    const id = await apiKeyConnection("sk-notify");
    const scope = { workspace: { id: t.workspace.id }, project: { id: t.project.id }, actor: { type: "system" as const, label: "test" } };
    const l = await listen();
    try {
      const mine = { kind: "tools", projectId: t.project.id };
      await updateConnection(scope, id, { name: `${id}-renamed` });
      await expect.poll(() => l.seen, { timeout: 2_000 }).toContainEqual(mine);
      l.seen.length = 0;
      await deleteConnection(scope, id);
      await expect.poll(() => l.seen, { timeout: 2_000 }).toContainEqual(mine);
    } finally {
      await l.stop();
    }
  });
});

// AWS's Signature Version 4 test suite, case get-vanilla.
const AKID = "AKIDEXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

describe("SigV4", () => {
  it("reproduces the published get-vanilla signature", async () => {
    const signed = await signSigV4(req("https://example.amazonaws.com/"), { accessKeyId: AKID, secretAccessKey: SECRET }, { service: "service", region: "us-east-1", signingDate: new Date("2015-08-30T12:36:00Z") });
    expect(signed.headers["x-amz-date"]).toBe("20150830T123600Z");
    expect(signed.headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  let verifier: Server;
  let base: string;
  beforeAll(async () => {
    verifier = createServer((r, res) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => {
        const why = verifySigV4(r, Buffer.concat(chunks), { accessKeyId: "AKIDLOCAL", secretAccessKey: "local/secret+key" });
        res.writeHead(why ? 403 : 200, { "content-type": "text/plain" }).end(why ?? "ok");
      });
    });
    await new Promise<void>((resolve) => verifier.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(verifier.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => verifier.close(() => resolve())));

  const session = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local/secret+key", sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN" };
  const sigv4Tool = async (service: string) => toolOf("sigv4", await apiKeyConnection(JSON.stringify(session)), { sigv4Service: service, sigv4Region: "eu-west-1" });

  for (const service of ["execute-api", "s3"]) {
    it(`${service}: an independent verifier accepts the signed request; a changed body byte or query is refused`, async () => {
      const body = Buffer.from(JSON.stringify({ hello: "wörld", n: 1 }));
      const outgoing = req(`${base}/stage/items/a b'c/ü?z=1&a=x y&a=%2F&empty&tilde=~`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Amz-Meta-Tag": "  two   spaces ", "User-Agent": "agent/1.0", Authorization: "Bearer nope", "x-amz-date": "20000101T000000Z" },
        body,
      });
      const r = ok(await applyToolCredential(await sigv4Tool(service), outgoing));
      expect(r.request.headers["x-amz-security-token"]).toBe(session.sessionToken);
      const signedHeaders = `content-type;host;${service === "s3" ? "x-amz-content-sha256;" : ""}x-amz-date;x-amz-meta-tag;x-amz-security-token`;
      expect(r.request.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDLOCAL/\\d{8}/eu-west-1/${service}/aws4_request, SignedHeaders=${signedHeaders}, Signature=`));
      expect(r.request.headers["x-amz-content-sha256"]).toBe(service === "s3" ? createHash("sha256").update(body).digest("hex") : undefined);
      expect(r.secrets).toEqual(expect.arrayContaining([session.secretAccessKey, session.sessionToken]));
      expect(await send(r.request)).toEqual({ status: 200, text: "ok" });

      const tampered = Buffer.from(body);
      tampered[3] ^= 1;
      expect((await send({ ...r.request, body: tampered })).status).toBe(403);
      const otherQuery = new URL(r.request.url);
      otherQuery.searchParams.set("z", "2");
      expect((await send({ ...r.request, url: otherQuery })).status).toBe(403);
    });
  }
});

/** Sends the request as given (raw path and query, its headers, its body) over node:http. */
function send(r: OutgoingRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { host: r.url.hostname, port: r.url.port, method: r.method, path: r.url.pathname + r.url.search, headers: { ...r.headers, "content-length": String(r.body.length) }, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    out.on("error", reject);
    out.on("timeout", () => out.destroy(new Error("timeout")));
    out.end(r.body);
  });
}

async function oauthConnection(opts: { accessToken: string; expiresInMs: number; refreshToken?: string }) {
  const id = newId("connection");
  const secret = await sealTokens({ id, workspaceId: t.workspace.id }, { accessToken: opts.accessToken, refreshToken: opts.refreshToken ?? "rt-1", tokenType: "Bearer" });
  await db.connection.create({
    data: { id, workspaceId: t.workspace.id, projectId: t.project.id, name: id, type: "oauth2", provider: "google", status: "active", secret, secretVersion: 1, accessTokenExpiresAt: new Date(Date.now() + opts.expiresInMs) },
  });
  return id;
}

describe("oauth2", () => {
  const ENV = ["GOOGLE_CONNECTIONS_CLIENT_ID", "GOOGLE_CONNECTIONS_CLIENT_SECRET", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_OAUTH_ISSUER", "GOOGLE_OAUTH_AUTHORIZATION_URL", "EGRESS_ALLOWED_HOSTS"] as const;
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  const state = { refreshes: 0, fail: false };
  let tokenServer: Server;

  beforeAll(async () => {
    tokenServer = createServer((r, res) => {
      r.resume();
      r.on("end", () => {
        state.refreshes++;
        const n = state.refreshes;
        // Slow enough that every concurrent caller is waiting on the refresh.
        setTimeout(() => {
          if (state.fail) res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_grant" }));
          else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: `at-fresh-${n}`, token_type: "Bearer", expires_in: 3600 }));
        }, 150);
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, "127.0.0.1", resolve));
    for (const k of ENV) delete process.env[k];
    Object.assign(process.env, {
      GOOGLE_CONNECTIONS_CLIENT_ID: "tools-test-client",
      GOOGLE_CONNECTIONS_CLIENT_SECRET: "tools-test-secret",
      GOOGLE_OAUTH_TOKEN_URL: `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`,
      EGRESS_ALLOWED_HOSTS: "127.0.0.1",
    });
  });
  afterAll(async () => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
  });
  afterEach(() => Object.assign(state, { refreshes: 0, fail: false }));

  it("a valid token is sent as the bearer without a refresh", async () => {
    const id = await oauthConnection({ accessToken: "at-valid", expiresInMs: 3_600_000 });
    const r = ok(await applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x", { headers: { Authorization: "Bearer agent" } })));
    expect(r.request.headers).toEqual({ Authorization: "Bearer at-valid" });
    expect(r.secrets).toEqual(["at-valid"]);
    expect(state.refreshes).toBe(0);
  });

  it("an expired token: 10 concurrent calls → exactly one refresh, all get the new token", async () => {
    const id = await oauthConnection({ accessToken: "at-expired", expiresInMs: -1000 });
    const l = await listen();
    try {
      const results = await Promise.all(Array.from({ length: 10 }, () => applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"))));
      expect(state.refreshes).toBe(1);
      expect(new Set(results.map((r) => ok(r).request.headers.Authorization))).toEqual(new Set(["Bearer at-fresh-1"]));
      // Other gateways drop the old token.
      await expect.poll(() => l.seen, { timeout: 2_000 }).toContainEqual({ kind: "tools", projectId: t.project.id });
    } finally {
      await l.stop();
    }
  });

  it("the same across callers that share no memory (the cache forgotten between them): the connection's lock allows one refresh", async () => {
    const id = await oauthConnection({ accessToken: "at-expired-2", expiresInMs: -1000 });
    const calls = Array.from({ length: 10 }, () => {
      const p = applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"));
      forgetToolCredentials();
      return p;
    });
    const results = await Promise.all(calls);
    expect(state.refreshes).toBe(1);
    expect(new Set(results.map((r) => ok(r).request.headers.Authorization))).toEqual(new Set(["Bearer at-fresh-1"]));
  });

  it("a token the upstream rejected before its expiry is refreshed, not served from the cache again; once across concurrent callers", async () => {
    const id = await oauthConnection({ accessToken: "at-early-revoked", expiresInMs: 3_600_000 });
    expect(ok(await applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"))).request.headers.Authorization).toBe("Bearer at-early-revoked");
    expect(state.refreshes).toBe(0);
    const results = await Promise.all(Array.from({ length: 5 }, () => applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"), { rejected: "at-early-revoked" })));
    expect(state.refreshes).toBe(1);
    expect(new Set(results.map((r) => ok(r).request.headers.Authorization))).toEqual(new Set(["Bearer at-fresh-1"]));
    // The new token is what later calls get, from the cache.
    expect(ok(await applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"))).request.headers.Authorization).toBe("Bearer at-fresh-1");
    // A late caller still holding the old rejected token gets the new one without another refresh.
    forgetToolCredentials();
    expect(ok(await applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"), { rejected: "at-early-revoked" })).request.headers.Authorization).toBe("Bearer at-fresh-1");
    expect(state.refreshes).toBe(1);
  });

  it("a refused refresh → 424 needs_reconnect and the connection needs reconnecting", async () => {
    state.fail = true;
    const id = await oauthConnection({ accessToken: "at-revoked", expiresInMs: -1000 });
    const l = await listen();
    let r;
    try {
      r = await applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"));
      await expect.poll(() => l.seen, { timeout: 2_000 }).toContainEqual({ kind: "tools", projectId: t.project.id });
    } finally {
      await l.stop();
    }
    expect(r).toMatchObject({ ok: false, status: 424, code: "needs_reconnect" });
    expect(JSON.stringify(r)).not.toMatch(/at-revoked|rt-1/);
    expect(await db.connection.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: "needs_reconnect" });
    // Later calls fail the same way without asking the provider again.
    expect(await applyToolCredential(toolOf("oauth2", id), req("https://www.googleapis.com/x"))).toMatchObject({ ok: false, status: 424, code: "needs_reconnect" });
    expect(state.refreshes).toBe(1);
  });
});
