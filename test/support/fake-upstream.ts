import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A counting HTTP upstream on 127.0.0.1 for HTTP steps (in-process tests and the crash test's
// worker processes). Every request is recorded with its Idempotency-Key. Routes:
//   /ok[/...]            200 {"ok": true, "path", "n"}             (n = requests so far)
//   /echo                200 echoing method, headers and body (a careless upstream)
//   /status/<code>       answers <code> with a small JSON body
//   /flaky/<n>           500 for the first <n> requests per (run, node) key prefix, then 200
//   /slow/<ms>           200 after <ms>, unless the client goes away first (counted in `aborted`)
//   /big                 200 with 300 KiB of text
// A query `?delay=<ms>` delays any route.

type SeenRequest = { method: string; path: string; headers: Record<string, string>; body: string; key: string | null; at: number };

export async function startFakeUpstream(opts: { port?: number } = {}) {
  const seen: SeenRequest[] = [];
  const flaky = new Map<string, number>();
  let aborted = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const key = headers["idempotency-key"] || null;
    seen.push({ method: req.method ?? "GET", path: url.pathname, headers, body, key, at: Date.now() });
    const delay = Number(url.searchParams.get("delay") ?? 0);
    if (delay > 0 && !(await wait(delay, res))) {
      aborted++;
      return;
    }
    const [, route, arg] = url.pathname.split("/");
    if (route === "ok") return send(res, 200, { ok: true, path: url.pathname, n: seen.length });
    if (route === "echo") return send(res, 200, { method: req.method, headers, body });
    if (route === "status") return send(res, Number(arg), { error: `status ${arg}` });
    if (route === "flaky") {
      const prefix = (key ?? "").split(":").slice(0, 2).join(":");
      const count = (flaky.get(prefix) ?? 0) + 1;
      flaky.set(prefix, count);
      return count <= Number(arg) ? send(res, 500, { error: "flaky" }) : send(res, 200, { ok: true, tries: count });
    }
    if (route === "slow") {
      if (!(await wait(Number(arg), res))) {
        aborted++;
        return;
      }
      return send(res, 200, { ok: true, slept: Number(arg) });
    }
    if (route === "big") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("x".repeat(300 * 1024));
    }
    send(res, 404, { error: "no such route" });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    aborted: () => aborted,
    /** Requests per Idempotency-Key. */
    keyCounts(): Map<string, number> {
      const m = new Map<string, number>();
      for (const r of seen) if (r.key) m.set(r.key, (m.get(r.key) ?? 0) + 1);
      return m;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstream>>;

/** Resolves true after `ms`, or false as soon as the client disconnects. */
function wait(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    const onClose = () => {
      clearTimeout(t);
      resolve(false);
    };
    res.once("close", onClose);
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = "";
    req.on("data", (c) => (s += c));
    req.on("end", () => resolve(s));
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
