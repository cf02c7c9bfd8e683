// Child of bench/gateway.ts: the ceiling — a minimal node:http pass-through proxy to the fake
// upstream (argv[2], an origin) over an undici Pool with keep-alive. No auth, no parsing, no
// metering: request and answer are streamed through, hop-by-hop headers dropped. Prints
// `ready <port>`.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Pool, type Dispatcher } from "undici";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host"]);

function forwardable(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

async function main(): Promise<void> {
  const upstream = new Pool(process.argv[2], { connections: 64, keepAliveTimeout: 30_000 });
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    upstream
      .request({ path: req.url ?? "/", method: (req.method ?? "GET") as Dispatcher.HttpMethod, headers: forwardable(req.headers), body: req })
      .then((up) => {
        res.writeHead(up.statusCode, forwardable(up.headers as http.IncomingHttpHeaders));
        up.body.pipe(res);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  console.log(`ready ${(server.address() as AddressInfo).port}`);
  const stop = () => {
    server.closeAllConnections();
    server.close(() => void upstream.close().finally(() => process.exit(0)));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
