import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A small round-robin HTTP load balancer on 127.0.0.1 for the fault test, behaving like a real
// one: a backend whose connection is refused is skipped (nothing reached it, so the next one is
// tried), but a request that reached a backend is never retried — if that backend dies, the
// client gets a 502 or a cut response. Every request is recorded with the backend instance that
// served it, so a failure can be pinned on the process that was killed.
//
// One fresh connection per proxied request (no keep-alive to backends): a refused connect then
// always means "not sent", and a draining backend that closed its listener is skipped at once.

export type Backend = { name: string; port: number; /** Incremented on each restart: `web-1#2`. */ generation: number };

export type Served = {
  /** The client's `x-fault-req` header. */
  id: string;
  /** `name#generation` of the backend the request reached, or null when none accepted it. */
  backend: string | null;
  start: number;
  end: number;
  /** Set when the proxied exchange broke (connect error, reset, cut response). */
  error: string | null;
  status: number | null;
  /** Backends skipped because they refused the connection, with the error. */
  skipped: string[];
};

export class Balancer {
  private next = 0;
  readonly served = new Map<string, Served>();
  private server: Server | undefined;
  port = 0;

  constructor(
    readonly name: string,
    readonly backends: Backend[],
  ) {}

  async listen(port: number): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Requests that reached `instance` (`name#generation`) and have not finished. */
  inFlight(instance: string): number {
    let n = 0;
    for (const r of this.served.values()) if (r.backend === instance && r.end === 0) n++;
    return n;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const id = String(req.headers["x-fault-req"] ?? `anon-${Math.random()}`);
    const rec: Served = { id, backend: null, start: Date.now(), end: 0, error: null, status: null, skipped: [] };
    this.served.set(id, rec);
    // Buffer the body: a request is only sent once a backend accepted the connection.
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    // Round robin: this request starts at the next backend and, if refused, walks on from there.
    const first = this.next++;
    req.on("end", () => this.tryBackend(req, res, Buffer.concat(parts), rec, first, 0));
  }

  private tryBackend(req: IncomingMessage, res: ServerResponse, body: Buffer, rec: Served, first: number, tried: number): void {
    if (tried >= this.backends.length) {
      rec.error = `no backend accepted the connection (${rec.skipped.join(", ")})`;
      rec.end = Date.now();
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "no_backend", message: rec.error } }));
      return;
    }
    const backend = this.backends[(first + tried) % this.backends.length];
    const instance = `${backend.name}#${backend.generation}`;
    const headers = { ...req.headers, host: `127.0.0.1:${backend.port}`, connection: "close", "x-forwarded-for": "127.0.0.1" };
    const out = request({ host: "127.0.0.1", port: backend.port, method: req.method, path: req.url, headers, agent: false });
    let connected = false;
    out.on("socket", (s) => s.once("connect", () => ((connected = true), (rec.backend = instance))));
    out.on("error", (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === "ECONNREFUSED" || err.code === "ECONNRESET")) {
        // Nothing was sent: a real LB marks the backend down and picks the next one.
        rec.skipped.push(`${instance} ${err.code}`);
        return this.tryBackend(req, res, body, rec, first, tried + 1);
      }
      this.fail(res, rec, `${err.code ?? err.message} from ${instance}`);
    });
    out.on("response", (up) => {
      rec.status = up.statusCode ?? 0;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on("aborted", () => this.fail(res, rec, `response from ${instance} cut`));
      up.on("error", () => this.fail(res, rec, `response from ${instance} cut`));
      up.on("end", () => {
        if (!up.complete) this.fail(res, rec, `response from ${instance} cut`);
        else rec.end = Date.now();
      });
    });
    out.end(body);
  }

  private fail(res: ServerResponse, rec: Served, error: string): void {
    if (rec.error) return;
    rec.error = error;
    rec.end = Date.now();
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "bad_gateway", message: error } }));
    else res.destroy();
  }
}
