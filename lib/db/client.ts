import "server-only";
import { intEnv } from "@/lib/core/env";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { withAfterCommit } from "./after-commit";

// One client per process; Next dev reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { __arDb?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start` (embedded PostgreSQL) or set DATABASE_URL");
  }
  const adapter = new PrismaPg({ connectionString, max: intEnv("DATABASE_POOL_MAX", 10, { invalid: "fallback" }) });
  return new PrismaClient({ adapter });
}

function client(): PrismaClient {
  return (globalForDb.__arDb ??= createClient());
}

// Created on first use rather than at import: `next build` imports every route module to
// collect page data, without a database (DATABASE_URL is only needed at run time).
// An interactive transaction runs its afterCommit callbacks (after-commit.ts) once committed.
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    if (prop === "$transaction") return transaction(c);
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});

function transaction(c: PrismaClient): PrismaClient["$transaction"] {
  const original = c.$transaction.bind(c) as (arg: unknown, options?: unknown) => Promise<unknown>;
  return ((arg: unknown, options?: unknown) => {
    if (typeof arg !== "function") return original(arg, options);
    return withAfterCommit((body) => original(body, options) as Promise<unknown>, arg as (tx: Tx) => Promise<unknown>);
  }) as PrismaClient["$transaction"];
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
