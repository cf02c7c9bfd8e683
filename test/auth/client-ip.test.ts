// The caller's address comes from the socket, not from what the caller writes. With nothing in
// front of the app (TRUSTED_PROXY_HOPS unset = 0), a forged or rotated X-Forwarded-For changes
// neither the audited IP nor the per-IP sign-in bucket. Requests go over a real socket through
// the same hook `npm start` preloads into the web process (scripts/web-preload.mjs).
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as signin } from "@/app/v1/auth/signin/route";
import { authLimits, resetLimit } from "@/lib/auth/rate-limits";
import { db } from "@/lib/db/client";
import { installPeerAddress } from "@/scripts/lib/peer-address.mjs";
import { newEmail } from "./http";

const PRELOAD = pathToFileURL(path.resolve(__dirname, "../../scripts/web-preload.mjs")).href;

let server: http.Server;
let base = "";
beforeAll(async () => {
  installPeerAddress();
  // A minimal stand-in for Next's server: the request's headers as they reach route handlers.
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const name of ["content-type", "user-agent", "x-forwarded-for"]) {
      const v = req.headers[name];
      if (typeof v === "string") headers.set(name, v);
    }
    const response = await signin(new Request(`http://localhost${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }), { params: Promise.resolve({}) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
afterEach(() => vi.unstubAllEnvs());

const signIn = (email: string, forwardedFor?: string) =>
  fetch(`${base}/v1/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ email, password: "wrong password!" }),
  });

describe("the web process preload", () => {
  it("appends the socket address to X-Forwarded-For before any request listener runs", async () => {
    const echo = `require("node:http").createServer((q, r) => r.end(String(q.headers["x-forwarded-for"]))).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
    const child = spawn(process.execPath, ["--import", PRELOAD, "-e", echo], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
        child.once("exit", (code) => reject(new Error(`echo server exited (${code})`)));
      });
      const seen = async (headers: Record<string, string>) => (await fetch(`http://127.0.0.1:${port}/`, { headers })).text();
      expect(await seen({})).toBe("127.0.0.1");
      expect(await seen({ "x-forwarded-for": "6.6.6.6" })).toBe("6.6.6.6, 127.0.0.1");
      expect(await seen({ "x-forwarded-for": "6.6.6.6, 7.7.7.7" })).toBe("6.6.6.6, 7.7.7.7, 127.0.0.1");
    } finally {
      child.kill();
    }
  });
});

describe("with the default TRUSTED_PROXY_HOPS", () => {
  it("a forged X-Forwarded-For does not change the audited IP", async () => {
    const email = newEmail("forged");
    expect((await signIn(email, "203.0.113.77")).status).toBe(401);
    const row = await db.auditLog.findFirst({ where: { action: "auth.sign_in_failed", actorLabel: email } });
    expect(row?.ip).toBe("127.0.0.1");
  });

  it("rotating X-Forwarded-For does not escape the per-IP sign-in limit", async () => {
    vi.stubEnv("AR_RL_AUTH_SIGNIN_IP_POINTS", "3");
    // Other tests of this worker sign in from 127.0.0.1 too: start from a known count.
    await resetLimit(authLimits.signInIp(), "ip:127.0.0.1");
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(newEmail("rotate"), `198.51.100.${i + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });
});
