// Only hashes are stored: 1,000 tokens issued through the real create function (plus
// rotations and authenticated requests) leave 0 plaintext values in any column of any table
// and in any log line.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { GET as listTokensRoute } from "@/app/v1/tokens/route";
import { POST as rotateRoute } from "@/app/v1/tokens/[id]/rotate/route";
import { logger, setLogSink } from "@/lib/core/logger";
import { hashToken } from "@/lib/tokens/format";
import { createToken } from "@/lib/tokens/create-token";
import type { WorkspaceScope } from "@/lib/core/scope";
import { SCOPES } from "@/lib/authz/permissions";
import { invoke, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";

const N = 1000;
const lines: string[] = [];
let w: World;

beforeAll(async () => {
  setLogSink((line) => lines.push(line));
  w = await createWorld();
});
afterAll(() => setLogSink(null));

function callerFor(userId: string, workspaceId: string): WorkspaceScope {
  return {
    principal: { type: "session", userId },
    actor: { type: "user", userId },
    meta: { requestId: "req_secrets_test", ip: "127.0.0.1", userAgent: "vitest" },
    workspace: { id: workspaceId, slug: "x", name: "x" },
    workspaceRole: "owner",
  };
}

async function dumpDatabase(): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      // row_to_json covers every column (text, varchar, text[], json, jsonb) of every row.
      const rows = await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${client.escapeIdentifier(table_name)} t`);
      for (const r of rows.rows) parts.push(r.j);
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

describe("token values are never stored or logged", () => {
  it(`${N} created tokens (+ rotations and use) → 0 plaintext hits in the database and the logs`, async () => {
    const users = Object.values(w.a.users);
    const values: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < N; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) => {
          const user = users[(i + j) % users.length];
          return createToken(callerFor(user.id, w.a.workspace.id), {
            name: `bulk ${i + j}`,
            scopes: [SCOPES[(i + j) % SCOPES.length], "tokens:write"],
            ...((i + j) % 3 === 0 ? { expiresInDays: 30 } : {}),
          });
        }),
      );
      for (const t of batch) {
        values.push(t.token);
        ids.push(t.id);
      }
    }
    expect(new Set(values).size).toBe(N);

    // Use some tokens through the API: authentication, lastUsedAt bookkeeping, rotation, errors.
    for (let i = 0; i < 20; i++) {
      const t = values[i];
      expect((await invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(t) })).res.status).toBe(200);
      await invoke(listTokensRoute, { path: "/v1/tokens?limit=0", headers: tokenHeaders(t) });
      const bad = t.slice(0, -1) + (t.endsWith("a") ? "b" : "a");
      expect((await invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(bad) })).res.status).toBe(401);
    }
    for (let i = 20; i < 30; i++) {
      const r = await invoke(rotateRoute, { method: "POST", path: `/v1/tokens/${ids[i]}/rotate`, headers: tokenHeaders(values[i]), params: { id: ids[i] } });
      expect(r.res.status).toBe(201);
      values.push(r.body.token);
    }
    await new Promise((r) => setTimeout(r, 200)); // let the best-effort lastUsedAt writes land
    // The sink is live and the logger redacts a value handed to it under a secret-looking key.
    logger.warn("probe", { authorization: `Bearer ${values[0]}`, token: values[1] });
    expect(lines.some((l) => l.includes('"probe"'))).toBe(true);

    const dump = await dumpDatabase();
    // The dump sees the token table: every hash is there, so a plaintext would be too.
    expect(values.every((v) => dump.includes(hashToken(v)))).toBe(true);
    const log = lines.join("\n");
    const leaks: string[] = [];
    for (const v of values) {
      const secret = v.slice(13); // what follows the displayed prefix ("ar_pat_" + 6)
      if (dump.includes(v) || dump.includes(secret)) leaks.push(`db: ${v.slice(0, 13)}…`);
      if (log.includes(v) || log.includes(secret)) leaks.push(`log: ${v.slice(0, 13)}…`);
    }
    expect(leaks).toEqual([]);
    expect(values).toHaveLength(N + 10);
  }, 120_000);
});
