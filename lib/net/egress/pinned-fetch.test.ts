import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinnedAgent, pinnedFetch } from "./pinned-fetch";
import { EgressDenied } from "./resolve-host";

let server: http.Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.headers.host} ${req.url}`);
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const allowLoopback = { all: false, hosts: ["127.0.0.1"] };

describe("pinnedFetch", () => {
  it("connects to the pinned address and never resolves the name again", async () => {
    // `.invalid` can never resolve (RFC 6761): the request only arrives because the address is pinned.
    const res = await fetch(`http://rebind.invalid:${port}/pinned`, { dispatcher: pinnedAgent("127.0.0.1", 4) } as RequestInit);
    expect(res.status).toBe(200);
    expect(seen).toContain(`rebind.invalid:${port} /pinned`);
  });

  it("refuses a private destination before any byte is sent", async () => {
    const before = seen.length;
    await expect(pinnedFetch({ all: false, hosts: [] })(`http://127.0.0.1:${port}/denied`)).rejects.toBeInstanceOf(EgressDenied);
    await expect(pinnedFetch({ all: false, hosts: [] })(`http://localhost:${port}/denied`)).rejects.toBeInstanceOf(EgressDenied);
    expect(seen.length).toBe(before);
  });

  it("allows a configured address, also when reached through a host name that resolves to it", async () => {
    expect((await pinnedFetch(allowLoopback)(`http://127.0.0.1:${port}/a`)).status).toBe(200);
    const viaName = await pinnedFetch(allowLoopback)(`http://localhost:${port}/b`);
    expect(viaName.status).toBe(200);
    expect(await viaName.json()).toEqual({ ok: true });
  });

  it("refuses redirects instead of following them", async () => {
    await expect(pinnedFetch(allowLoopback)(`http://127.0.0.1:${port}/redirect`)).rejects.toThrow();
    expect(seen.filter((s) => s.includes("169.254.169.254"))).toEqual([]);
  });
});
