import { db } from "@/lib/db/client";
import { POST as createRoute } from "@/app/v1/connections/route";
import { call } from "@/test/support/http";

/** Egress allowance for 127.0.0.1 only (the fake vendors and the test PostgreSQL). */
export function allowLoopback(): () => void {
  const prev = { hosts: process.env.EGRESS_ALLOWED_HOSTS, all: process.env.EGRESS_ALLOW_PRIVATE_NETWORKS };
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  delete process.env.EGRESS_ALLOW_PRIVATE_NETWORKS;
  return () => {
    if (prev.hosts === undefined) delete process.env.EGRESS_ALLOWED_HOSTS;
    else process.env.EGRESS_ALLOWED_HOSTS = prev.hosts;
    if (prev.all === undefined) delete process.env.EGRESS_ALLOW_PRIVATE_NETWORKS;
    else process.env.EGRESS_ALLOW_PRIVATE_NETWORKS = prev.all;
  };
}

export async function createVia(headers: Record<string, string>, body: Record<string, unknown>) {
  return call(createRoute, "/v1/connections", { method: "POST", headers, body });
}

export function rawRow(id: string) {
  return db.connection.findUnique({ where: { id } });
}

let n = 0;
export const uniqueName = (label = "conn") => `${label}-${Date.now().toString(36)}-${n++}`;
