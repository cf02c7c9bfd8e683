// Bad input never yields a 500: tools, their policies and the test call (see run.ts). The test
// call needs an upstream: a stand-in on 127.0.0.1 (opened to the egress policy) answers every
// request the fixture's tools send it.
import "./env";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { operationsOf } from "./groups";
import { fuzzOperations } from "./run";

const upstream = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
});
let prevHosts: string | undefined;
beforeAll(async () => {
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  process.env.FUZZ_TOOL_BASE_URL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  prevHosts = process.env.EGRESS_ALLOWED_HOSTS;
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
});
afterAll(async () => {
  if (prevHosts === undefined) delete process.env.EGRESS_ALLOWED_HOSTS;
  else process.env.EGRESS_ALLOWED_HOSTS = prevHosts;
  await new Promise((r) => upstream.close(r));
});

fuzzOperations(operationsOf("tools"));
