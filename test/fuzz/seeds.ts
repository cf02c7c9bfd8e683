// Real ids for path parameters the fixture has no pool for (resources added after this suite
// was written): the collection's own POST is called with schema-valid bodies until it creates
// something, once as tenant A's owner and once as tenant B's, then the collection's GET lists
// the ids. So /v1/<new-thing>/{id} is fuzzed with real own ids and real foreign ids.
import fc from "fast-check";
import { validArb } from "./arbitraries";
import type { Case } from "./cases";
import { poolFor, type FuzzWorld } from "./fixture";
import { OPERATIONS, resolve, type Operation } from "./operations";
import { send } from "./send";

const ATTEMPTS = 15;

function request(op: Operation, headers: Record<string, string>, body?: unknown): Case {
  return { kind: "valid", what: "seed", params: {}, query: {}, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

async function seedAndList(collection: string, fw: FuzzWorld, headers: Record<string, string>, field: string): Promise<string[]> {
  const create = OPERATIONS.find((o) => o.method === "post" && o.path === collection && o.body);
  if (create?.body) {
    const bodies = fc.sample(validArb(create.body.schema, resolve, fw.hints), { numRuns: ATTEMPTS, seed: 42 });
    for (const body of bodies) {
      const { res } = await send(create, request(create, headers, body));
      if (res.status < 300) break;
    }
  }
  const list = OPERATIONS.find((o) => o.method === "get" && o.path === collection);
  if (!list) return [];
  const { res, text } = await send(list, request(list, headers));
  if (res.status !== 200) return [];
  const data = (JSON.parse(text) as { data?: Array<Record<string, unknown>> }).data;
  return Array.isArray(data) ? data.map((row) => row[field] ?? row.id).filter((v): v is string => typeof v === "string") : [];
}

/** Fills fw.pools for the operation's path params that have none yet. */
export async function discoverPools(op: Operation, fw: FuzzWorld): Promise<void> {
  for (const p of op.pathParams) {
    const collection = op.path.split(`/{${p.name}}`)[0];
    if (poolFor(fw, op.path, p.name) || collection.includes("{")) continue;
    const segment = collection.split("/").pop() ?? p.name;
    const scope = (tenant: string, project: string) => ({ "x-tenant-id": tenant, "x-project-id": project });
    const own = await seedAndList(collection, fw, { cookie: fw.cookie, ...scope(fw.tenant, fw.project) }, p.name);
    const foreign = await seedAndList(collection, fw, { cookie: fw.foreignCookie, ...scope(fw.foreignTenant, fw.foreignProject) }, p.name);
    // Only real ids count; an empty pool falls back to generated strings.
    if (own.length || foreign.length) fw.pools[segment] = { own, foreign: foreign.filter((id) => !own.includes(id)) };
  }
}
