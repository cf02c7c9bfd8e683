// The console's copy-paste example really works: the shell script it shows (openssl computes
// the signature, curl sends) is run as is against the real ingress handler behind a local
// HTTP server, so quoting, the openssl pipeline and our verifier agree byte for byte.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopBoss } from "@/lib/queue/boss";
import { POST as ingressRoute } from "@/app/v1/inbound/[subscriptionId]/route";
import { curlExample, sampleBody } from "@/components/console/inbound/curl-example";
import { helloGraph } from "@/lib/workflows/templates";
import { triggerOf } from "@/lib/workflows/graph";
import { startTestWorker, type TestWorker } from "@/test/support/run-worker";
import { admittedRun, inboundWorld } from "./inbound-helpers";

const run = promisify(execFile);
let server: Server;
let origin: string;
let worker: TestWorker;

beforeAll(async () => {
  worker = await startTestWorker();
  // A minimal Next stand-in: the raw request bytes and headers go to the route handler unchanged.
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const id = (req.url ?? "").split("/").pop() ?? "";
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const answer = await ingressRoute(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }), { params: Promise.resolve({ subscriptionId: id }) });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(await answer.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await worker.stop();
  await stopBoss();
});

async function runExample(script: string): Promise<{ status: number; body: { runId?: string } }> {
  // -s: no progress meter; -w: the status on its own last line.
  const { stdout } = await run("sh", ["-c", `${script} -s -w '\\n%{http_code}'`], { timeout: 20_000 });
  const lines = stdout.trim().split("\n");
  return { status: Number(lines.pop()), body: JSON.parse(lines.join("\n")) };
}

describe("the console's curl example", () => {
  it("signs with openssl exactly as the ingress verifies: 202 and a run with the sample input", async () => {
    const { sub } = await inboundWorld();
    const body = sampleBody(triggerOf(helloGraph())!.config.inputSchema);
    expect(body).toBe('{"name":"example"}');
    const script = curlExample({ url: `${origin}/v1/inbound/${sub.id}`, secret: sub.signingSecret, token: sub.token, body });
    const res = await runExample(script);
    expect(res.status).toBe(202);
    expect((await admittedRun(res.body.runId!)).input).toEqual({ name: "example" });
  });

  it("survives shell-hostile bodies (quotes, $, backslashes, non-ASCII); a wrong secret is a 401", async () => {
    const { sub } = await inboundWorld();
    const body = JSON.stringify({ name: "O'Brien $HOME `id` \\n \"quoted\" ✓" });
    const url = `${origin}/v1/inbound/${sub.id}`;
    const ok = await runExample(curlExample({ url, secret: sub.signingSecret, token: sub.token, body }));
    expect(ok.status).toBe(202);
    expect((await admittedRun(ok.body.runId!)).input).toEqual(JSON.parse(body));
    const bad = await runExample(curlExample({ url, secret: "whsec_wrong", token: sub.token, body }));
    expect(bad.status).toBe(401);
  });
});
