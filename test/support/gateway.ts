import type { AddressInfo } from "node:net";
import { createGateway } from "@/gateway/server";

/** The real gateway, in this process, on an ephemeral 127.0.0.1 port. */
export async function startTestGateway() {
  const gateway = await createGateway();
  await new Promise<void>((r) => gateway.server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  return { url, drain: (graceMs?: number) => gateway.drain(graceMs) };
}
