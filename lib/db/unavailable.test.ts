import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { toErrorResponse } from "@/lib/api/error-response";
import { isDatabaseUnavailable } from "./unavailable";

// Real failures, produced by the real drivers: a port nothing listens on, a backend terminated
// under a live connection — and real errors that are not about reachability.

let closedUrl: string;
let blackhole: Server;

beforeAll(async () => {
  // Bind then close: a port on 127.0.0.1 that refuses connections.
  blackhole = createServer();
  await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
  const port = (blackhole.address() as AddressInfo).port;
  await new Promise<void>((r) => blackhole.close(() => r()));
  closedUrl = `postgresql://nobody:nothing@127.0.0.1:${port}/none`;
});

async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
}

describe("isDatabaseUnavailable", () => {
  const down = () => new PrismaClient({ adapter: new PrismaPg({ connectionString: closedUrl, connectionTimeoutMillis: 2_000 }) });

  it("a Prisma query and a raw Prisma query against an unreachable server", async () => {
    const client = down();
    expect(isDatabaseUnavailable(await caught(() => client.user.findFirst()))).toBe(true);
    expect(isDatabaseUnavailable(await caught(() => client.$queryRaw`SELECT 1`))).toBe(true);
    await client.$disconnect();
  });

  it("a raw pg connection refused, and a backend terminated under a live connection", async () => {
    expect(isDatabaseUnavailable(await caught(() => new pg.Client({ connectionString: closedUrl }).connect()))).toBe(true);
    const victim = new pg.Client({ connectionString: process.env.DATABASE_URL });
    victim.on("error", () => {});
    await victim.connect();
    const { rows } = await victim.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await db.$queryRaw`SELECT pg_terminate_backend(${rows[0].pid}::int)`;
    expect(isDatabaseUnavailable(await caught(() => victim.query("SELECT 1")))).toBe(true);
    await victim.end().catch(() => {});
  });

  it("a transaction that finds no free pooled connection in time (an overloaded pool)", async () => {
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1 }) });
    // Holds the only connection (its own outcome does not matter here).
    const holder = client
      .$transaction(async (tx) => {
        await tx.$queryRaw`SELECT pg_sleep(0.5)`;
      })
      .catch(() => undefined);
    const err = await caught(() => client.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 50 }));
    await holder;
    await client.$disconnect();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("not for errors that are about the query: syntax, unique violation, not found, plain errors", async () => {
    expect(isDatabaseUnavailable(await caught(() => db.$queryRawUnsafe("SELEC 1")))).toBe(false);
    const pgc = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await pgc.connect();
    expect(isDatabaseUnavailable(await caught(() => pgc.query("SELECT 1/0")))).toBe(false);
    await pgc.end();
    expect(isDatabaseUnavailable(await caught(() => db.user.findUniqueOrThrow({ where: { id: "usr_none" } })))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("the API's answer while the database is down", () => {
  it("is 503 service_unavailable with Retry-After, not 500", async () => {
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: closedUrl }) });
    const res = toErrorResponse(await caught(() => client.workflow.findMany()), "req_test");
    await client.$disconnect();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toEqual({ error: { code: "service_unavailable", message: expect.any(String), requestId: "req_test" } });
  });
});
