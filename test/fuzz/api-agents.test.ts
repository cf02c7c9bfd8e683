// Bad input never yields a 500: agents, their tokens, runtime bundles and the try relay (see
// run.ts). The relay needs a gateway: a stand-in on 127.0.0.1 answers every request it passes.
import "./env";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { operationsOf } from "./groups";
import { fuzzOperations } from "./run";

const gateway = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "text/plain", "x-request-id": "req_fuzz" }).end("ok"));
});
beforeAll(async () => {
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  process.env.GATEWAY_INTERNAL_URL = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => gateway.close(r)));

fuzzOperations(operationsOf("agents"));
