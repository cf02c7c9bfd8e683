// A customer's webhook receiver on 127.0.0.1 for the outbound webhook tests: it checks every
// delivery with the published helper (lib/webhooks/verify.ts) against the secrets the test
// gives it, records what it saw, and answers as told (status, delay, redirect).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook, type VerifyWebhookResult } from "@/lib/webhooks/verify";
import { db } from "@/lib/db/client";

type Received = { path: string; headers: IncomingHttpHeaders; body: string; verdict: VerifyWebhookResult; json: Record<string, unknown> | null; at: number };
type Behaviour = { status?: number; delayMs?: number; redirectTo?: string; body?: string };

export type Receiver = {
  url: string;
  port: number;
  received: Received[];
  /** Secrets a delivery is checked against (set after the endpoint is created). */
  secrets: string[];
  behave(b: Behaviour): void;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  let behaviour: Behaviour = { status: 200 };
  const r = { received: [] as Received[], secrets: [] as string[] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      // Verify on the raw bytes first, as consumers must; parse only afterwards.
      const verdict = verifyWebhook({ secrets: r.secrets, body, headers: req.headers });
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = null;
      }
      r.received.push({ path: req.url ?? "/", headers: req.headers, body, verdict, json, at: Date.now() });
      const answer = () => {
        if (res.destroyed) return;
        if (behaviour.redirectTo) res.writeHead(302, { location: behaviour.redirectTo }).end();
        else res.writeHead(behaviour.status ?? 200, { "content-type": "text/plain" }).end(behaviour.body ?? "ok");
      };
      if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received: r.received,
    get secrets() {
      return r.secrets;
    },
    set secrets(s: string[]) {
      r.secrets = s;
    },
    behave: (b) => (behaviour = b),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** WEBHOOK_* environment for one test file, restored afterwards. */
export function setWebhookEnv(values: Record<string, string | undefined>): () => void {
  const prev = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(prev)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Every column of an endpoint, secrets included (only tests read it this way). */
export function rawEndpoint(id: string) {
  return db.webhookEndpoint.findUnique({ where: { id } });
}
