// A fake API vendor on 127.0.0.1 that speaks the identity calls of the catalog: it answers
// 200 with a small JSON identity when the request carries an accepted key in the vendor's
// header, 401 otherwise, and records every request (path + the key it saw) so tests can
// prove which key was used and that refused destinations got no request at all.
import http from "node:http";
import type { AddressInfo } from "node:net";

type SeenRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; key: string | null };

const KEY_HEADERS: { header: string; strip?: RegExp }[] = [
  { header: "authorization", strip: /^Bearer\s+/i },
  { header: "x-api-key" },
  { header: "x-shopify-access-token" },
  { header: "api-token" },
  { header: "x-custom-key", strip: /^Token\s+/ },
];

export type FakeVendor = {
  url: string;
  seen: SeenRequest[];
  accept: Set<string>;
  /** Answer this status to everything (e.g. 500, 302); null = normal behaviour. */
  forceStatus: number | null;
  close: () => Promise<void>;
};

const MAX_REQUESTS = 500;

export async function startFakeVendor(acceptedKeys: string[] = []): Promise<FakeVendor> {
  const state = { seen: [] as SeenRequest[], accept: new Set(acceptedKeys), forceStatus: null as number | null };
  const server = http.createServer((req, res) => {
    if (state.seen.length >= MAX_REQUESTS) return res.writeHead(503).end();
    let key: string | null = null;
    for (const { header, strip } of KEY_HEADERS) {
      const v = req.headers[header];
      if (typeof v === "string") {
        key = strip ? v.replace(strip, "") : v;
        break;
      }
    }
    state.seen.push({ method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, key });
    if (state.forceStatus) {
      res.writeHead(state.forceStatus, state.forceStatus >= 300 && state.forceStatus < 400 ? { location: "http://169.254.169.254/latest/meta-data" } : {});
      return res.end();
    }
    const ok = key !== null && state.accept.has(key);
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    // The 401 body echoes the key, as careless vendors do: the app must never relay it.
    res.end(JSON.stringify(ok ? { id: 1, login: "octo", object: "user" } : { message: `Bad credentials: ${key}` }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
