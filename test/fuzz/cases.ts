// Generates requests for one operation: valid ones (every part drawn from its schema, ids
// drawn from the caller's real objects) and invalid ones (exactly one part broken: the body,
// one query parameter, one path parameter, or the credentials/tenant headers).
import fc from "fast-check";
import { sessionCookieName } from "@/lib/auth/session";
import { platformHeaders } from "@/test/factories/platform";
import { invalidBodyArb, invalidQueryValueArb, isJson, junkPathParamArb, validArb, validQueryValueArb, type JsonSchema } from "./arbitraries";
import { poolFor, type FuzzWorld } from "./fixture";
import { resolve, type Operation, type Param } from "./operations";
import { validatorFor } from "./schema";

export type Case = {
  kind: "valid" | "invalid";
  /** Which part is broken (invalid cases) — shows up in failure messages. */
  what: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: string;
  headers: Record<string, string>;
  /**
   * Another tenant's real id: the same request with a look-alike id that exists nowhere must
   * get the same status and error code (a foreign object answers exactly like a missing one).
   */
  missingTwin?: Record<string, string>;
};

function scopeHeaders(op: Operation, fw: FuzzWorld): Record<string, string> {
  return { ...(op.tenantHeader ? { "x-tenant-id": fw.tenant } : {}), ...(op.projectHeader ? { "x-project-id": fw.project } : {}) };
}

function sessionHeaders(op: Operation, fw: FuzzWorld): Record<string, string> {
  return { cookie: fw.cookie, ...scopeHeaders(op, fw) };
}

/** The owner of tenant A, by session (twice as often) or by personal access token; an operator on /v1/platform. */
function authArb(op: Operation, fw: FuzzWorld): fc.Arbitrary<Record<string, string>> {
  if (op.path.startsWith("/v1/platform/")) return fc.constant(platformHeaders(fw.platformToken));
  return fc.constantFrom(sessionHeaders(op, fw), sessionHeaders(op, fw), { authorization: `Bearer ${fw.ownerToken}`, ...scopeHeaders(op, fw) });
}

function paramArb(op: Operation, fw: FuzzWorld, p: Param): fc.Arbitrary<string> {
  const pool = poolFor(fw, op.path, p.name);
  // A URL path segment is never empty.
  const generated = validArb({ ...p.schema, type: "string", minLength: Math.max(1, p.schema.minLength ?? 0) }, resolve) as fc.Arbitrary<string>;
  return pool?.own.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool.own) }, { weight: 1, arbitrary: generated }) : generated;
}

/** Same length and prefix (`prj_…`, a slug), different tail: an id that names nothing. */
function lookAlike(id: string): string {
  return id.length > 4 ? id.slice(0, -4) + "0000" : `${id}-0000`;
}

/** Each path param set to the first of the caller's own real ids (or a fixed placeholder). */
function ownParams(op: Operation, fw: FuzzWorld): Record<string, string> {
  return Object.fromEntries(op.pathParams.map((p) => [p.name, poolFor(fw, op.path, p.name)?.own[0] ?? "x"]));
}

function paramsArb(op: Operation, fw: FuzzWorld): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, paramArb(op, fw, p)])));
}

function queryArb(op: Operation): fc.Arbitrary<Record<string, string>> {
  const shape = Object.fromEntries(op.query.map((q) => [q.name, validQueryValueArb(q.schema, resolve)]));
  return fc.record(shape, { requiredKeys: op.query.filter((q) => q.required).map((q) => q.name) });
}

function bodyArb(op: Operation, fw: FuzzWorld): fc.Arbitrary<string | undefined> {
  return op.body ? validArb(op.body.schema, resolve, fw.hints).map((b) => JSON.stringify(b)) : fc.constant(undefined);
}

export function validCaseArb(op: Operation, fw: FuzzWorld): fc.Arbitrary<Case> {
  return fc.record({ params: paramsArb(op, fw), query: queryArb(op), body: bodyArb(op, fw), headers: authArb(op, fw) }).map((c) => ({ kind: "valid" as const, what: "valid", ...c }));
}

/** Query parameters whose schema has something to break (a bare string accepts anything). */
function constrained(s: JsonSchema): boolean {
  return Boolean(s.enum || s.pattern || s.format || s.maxLength !== undefined || s.type === "integer" || s.type === "number");
}

export function invalidCaseArb(op: Operation, fw: FuzzWorld): fc.Arbitrary<Case> | undefined {
  const valid = validCaseArb(op, fw);
  const variants: fc.Arbitrary<Case>[] = [];

  if (op.body) {
    const check = validatorFor(op.body.schema, resolve);
    // Every generated body is re-checked: only text that is not JSON, or JSON the schema refuses.
    const bad = invalidBodyArb(op.body.schema, resolve, fw.hints).filter((t) => !isJson(t) || !check(JSON.parse(t)));
    variants.push(fc.tuple(valid, bad).map(([c, body]) => ({ ...c, kind: "invalid", what: "body", body })));
  }

  const breakable = op.query.filter((q) => constrained(q.schema));
  if (breakable.length) {
    variants.push(
      fc
        .tuple(valid, fc.constantFrom(...breakable))
        .chain(([c, q]) => invalidQueryValueArb(q.schema).map((v): Case => ({ ...c, kind: "invalid", what: `query ${q.name}`, query: { ...c.query, [q.name]: v } }))),
    );
  }

  if (op.pathParams.length) {
    variants.push(
      fc
        .tuple(valid, fc.constantFrom(...op.pathParams))
        .chain(([c, p]) => junkPathParamArb.map((v): Case => ({ ...c, kind: "invalid", what: `path ${p.name}`, params: { ...c.params, [p.name]: v } }))),
    );
    // Another tenant's real ids must look exactly like missing ones.
    for (const p of op.pathParams) {
      const foreign = poolFor(fw, op.path, p.name)?.foreign ?? [];
      if (foreign.length) {
        variants.push(
          // With the session: a valid case may have revoked or rotated the owner's token.
          // The other path params are the caller's own real ids, so only the foreign one can miss.
          fc.tuple(valid, fc.constantFrom(...foreign)).map(([c, v]): Case => ({
            ...c,
            kind: "invalid",
            what: `path ${p.name} (other tenant)`,
            params: { ...ownParams(op, fw), [p.name]: v },
            headers: sessionHeaders(op, fw),
            missingTwin: { ...ownParams(op, fw), [p.name]: lookAlike(v) },
          })),
        );
      }
    }
  }

  if (!op.isPublic) {
    const junkAuth: fc.Arbitrary<Record<string, string>>[] = [
      fc.constant({}),
      fc.string({ minLength: 1, maxLength: 40, unit: "grapheme-ascii" }).map((s) => ({ authorization: `Bearer ar_pat_${s.replace(/[\r\n]/g, "")}` })),
      fc.constantFrom("Bearer", "Bearer ", "Basic YTpi", "bearer ar_pat_", "Bearer ar_pat_" + "A".repeat(5000), "Token x").map((a) => ({ authorization: a })),
      fc.string({ maxLength: 60, unit: "grapheme-ascii" }).map((s) => ({ cookie: `${sessionCookieName()}=${s.replace(/[\r\n;]/g, "")}` })),
    ];
    if (op.tenantHeader) {
      junkAuth.push(
        fc.constantFrom(fw.foreignTenant, "no-such-tenant", "", "../", "A".repeat(5000), "%00").map((t) => ({ cookie: fw.cookie, "x-tenant-id": t, ...(op.projectHeader ? { "x-project-id": fw.project } : {}) })),
      );
    }
    if (op.projectHeader) {
      junkAuth.push(fc.constantFrom(fw.foreignProject, "no-such-project", "", "../", "P".repeat(5000)).map((p) => ({ cookie: fw.cookie, "x-tenant-id": fw.tenant, "x-project-id": p })));
    }
    variants.push(fc.tuple(valid, fc.oneof(...junkAuth)).map(([c, headers]): Case => ({ ...c, kind: "invalid", what: "credentials", headers })));
  }

  return variants.length ? fc.oneof(...variants) : undefined;
}

/**
 * For operations that take no input at all (public, no parameters, no body) there is nothing
 * to make invalid; these cases send unexpected bodies and query strings, which the route must
 * ignore or refuse — never fail on.
 */
export function noiseCaseArb(op: Operation, fw: FuzzWorld): fc.Arbitrary<Case> {
  return fc
    .tuple(validCaseArb(op, fw), fc.option(fc.string({ maxLength: 200 })), fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }))
    .map(([c, body, query]) => ({ ...c, kind: "invalid" as const, what: "noise", body: body ?? undefined, query }));
}
