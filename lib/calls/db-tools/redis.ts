import { Redis } from "ioredis";
import { CallError } from "../call-error";
import { MAX_BYTES, StatementError, stringArg } from "./limits";
import type { DbTarget } from "./postgres";

// Redis tools: get, scan, type, ttl read; set and del write (the gate refuses them on a
// read-only instance, and they are refused here again). Every command has the time limit; a
// value is read up to the byte cap (GETRANGE), never whole.

export async function runRedisTool(t: DbTarget, tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  if ((tool === "set" || tool === "del") && t.readOnly) throw new StatementError("read_only", `The instance is read-only: ${tool} is refused`);
  const db = Number(t.url.database || 0);
  let socketError: unknown = null;
  const client = new Redis({
    host: t.address,
    port: t.url.port ?? 6379,
    username: t.url.username || undefined,
    password: t.url.password || undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: t.url.protocol === "rediss:" ? { servername: t.url.host } : undefined,
    connectTimeout: t.timeoutMs,
    commandTimeout: t.timeoutMs,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", (e) => (socketError = e));
  try {
    await client.connect();
  } catch (err) {
    const text = [err, socketError].map((e) => String((e as Error | null)?.message ?? "")).join(" ");
    if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(text)) throw new CallError("database_unauthorized", "The database refused the connection's credentials", false);
    throw new CallError("database_unreachable", "Could not connect to the database", true);
  } finally {
    socketError = null;
  }
  try {
    return await run(client, tool, args);
  } catch (err) {
    if (err instanceof StatementError || err instanceof CallError) throw err;
    const message = String((err as Error)?.message ?? "");
    if (/timed? ?out/i.test(message)) throw new StatementError("statement_timeout", "The command ran past the time limit");
    if (/^[A-Z]+ /.test(message)) throw new StatementError("command_failed", message);
    throw new CallError("database_unreachable", "The connection to the database was lost", true);
  } finally {
    client.disconnect();
  }
}

async function run(client: Redis, tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  switch (tool) {
    case "get": {
      const key = stringArg(args, "key", 1024);
      const type = await client.type(key);
      if (type === "none") return { key, value: null, truncated: false };
      if (type !== "string") throw new StatementError("wrong_type", `${key} holds a ${type}, not a string`);
      const length = await client.strlen(key);
      const value = await client.getrange(key, 0, MAX_BYTES - 1);
      return { key, value, length, truncated: length > MAX_BYTES };
    }
    case "scan": {
      const pattern = typeof args.pattern === "string" && args.pattern ? args.pattern.slice(0, 1024) : "*";
      const count = Number.isInteger(args.count) ? Math.min(1000, Math.max(1, args.count as number)) : 100;
      const cursor = typeof args.cursor === "string" && /^[0-9]+$/.test(args.cursor) ? args.cursor : "0";
      const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", count);
      return { cursor: next, keys };
    }
    case "type": {
      const key = stringArg(args, "key", 1024);
      return { key, type: await client.type(key) };
    }
    case "ttl": {
      const key = stringArg(args, "key", 1024);
      return { key, ttl: await client.ttl(key) };
    }
    case "set": {
      const key = stringArg(args, "key", 1024);
      if (typeof args.value !== "string" || args.value.length > MAX_BYTES) throw new StatementError("invalid_arguments", "`value` must be a string of at most 1 MiB");
      const ttl = args.ttlSeconds;
      if (ttl !== undefined && !(Number.isInteger(ttl) && (ttl as number) > 0)) throw new StatementError("invalid_arguments", "`ttlSeconds` must be a positive integer");
      const reply = ttl ? await client.set(key, args.value, "EX", ttl as number) : await client.set(key, args.value);
      return { key, ok: reply === "OK" };
    }
    case "del": {
      const keys = args.keys;
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > 100 || !keys.every((k) => typeof k === "string" && k.length > 0 && k.length <= 1024))
        throw new StatementError("invalid_arguments", "`keys` must be 1 to 100 non-empty strings");
      return { deleted: await client.del(...(keys as string[])) };
    }
    default:
      throw new StatementError("unknown_tool", `${tool} is not a tool of this adapter`);
  }
}
