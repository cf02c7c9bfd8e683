import { createHash } from "node:crypto";
import { match, type MatchFunction } from "path-to-regexp";
import { canonicalHash, canonicalJson } from "@/lib/calls/canonical-hash";
import type { ToolCapability, ToolPolicyEffect } from "@/lib/schemas/tools";

// The egress proxy's decisions that need no I/O: which path an agent's call really names, which
// capability and which policy binding it matches, and the hash that binds an approval to it.
// Patterns are compiled once (path-to-regexp: case-sensitive, no trailing-slash leniency) and
// matched against the raw pathname only — never the query, never a decoded or "resolved" form,
// so an encoded separator or a dot segment cannot make one path look like another.

export type PathVerdict = { ok: true; path: string; search: string } | { ok: false; reason: string };

/**
 * The path an agent's call names below /t/<name>, from the raw request target. Refuses what
 * could be read two ways: encoded separators (%2F, %5C), backslashes, dot segments (also
 * encoded), empty segments (//), NUL and anything but printable ASCII.
 */
export function normalizeToolPath(rawRest: string): PathVerdict {
  const q = rawRest.indexOf("?");
  const path = q === -1 ? rawRest : rawRest.slice(0, q);
  const search = q === -1 ? "" : rawRest.slice(q);
  if (path === "") return { ok: true, path: "/", search };
  if (!path.startsWith("/")) return { ok: false, reason: "The path must start with /" };
  if (!/^[\x21-\x7e]*$/.test(path)) return { ok: false, reason: "The path must be printable ASCII (percent-encode the rest)" };
  if (/%(2f|5c|00)/i.test(path)) return { ok: false, reason: "Encoded separators (%2F, %5C) and NUL are refused" };
  if (path.includes("\\")) return { ok: false, reason: "Backslashes are refused" };
  if (/%(?![0-9a-f]{2})/i.test(path)) return { ok: false, reason: "Malformed percent-encoding" };
  const segments = path.slice(1).split("/");
  if (path !== "/" && segments.some((s, i) => s === "" && i < segments.length - 1)) return { ok: false, reason: "Empty path segments (//) are refused" };
  if (segments.some((s) => /^(\.|%2e){1,2}$/i.test(s))) return { ok: false, reason: "Dot segments (. and ..) are refused" };
  return { ok: true, path, search };
}

const compileCache = new Map<string, MatchFunction<Partial<Record<string, string | string[]>>>>();

/** A path-to-regexp matcher, compiled once per pattern: case-sensitive, exact end, no trailing slash leniency. */
export function pathMatcher(pattern: string): (path: string) => boolean {
  let fn = compileCache.get(pattern);
  if (!fn) {
    fn = match(pattern, { sensitive: true, trailing: false, end: true, decode: false });
    if (compileCache.size > 10_000) compileCache.clear();
    compileCache.set(pattern, fn);
  }
  const compiled = fn;
  return (path) => compiled(path) !== false;
}

/** Whether a pattern compiles; the error message when not. */
export function patternProblem(pattern: string): string | null {
  try {
    match(pattern, { sensitive: true, trailing: false });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message.split("\n")[0] : "Not a valid path pattern";
  }
}

export type CompiledCapability = ToolCapability & { test: (path: string) => boolean };

export function compileCapabilities(list: ToolCapability[]): CompiledCapability[] {
  return list.map((c) => ({ ...c, test: pathMatcher(c.path) }));
}

/** Tools that declare none allow any call (passthrough); otherwise the call must match one. */
export function capabilityAllows(caps: CompiledCapability[], method: string, path: string): boolean {
  if (caps.length === 0) return true;
  // HEAD is a GET without a body: a GET capability covers it.
  return caps.some((c) => (c.method === method || (method === "HEAD" && c.method === "GET")) && c.test(path));
}

export type PolicyBinding = {
  id: string;
  effect: ToolPolicyEffect;
  method: string | null;
  pathPattern: string | null;
  endUserId: string | null;
  callsPerMinute: number | null;
  endUserCallsPerMinute: number | null;
};

export type CompiledPolicy = PolicyBinding & { test: ((path: string) => boolean) | null; specificity: number };

const EFFECT_RANK: Record<ToolPolicyEffect, number> = { allow: 0, approval_required: 1, deny: 2 };

export function compilePolicies(list: PolicyBinding[]): CompiledPolicy[] {
  return list
    .map((p) => ({
      ...p,
      test: p.pathPattern ? pathMatcher(p.pathPattern) : null,
      // An end user narrows most, then a path, then a method.
      specificity: (p.endUserId !== null ? 4 : 0) + (p.pathPattern !== null ? 2 : 0) + (p.method !== null ? 1 : 0),
    }))
    .sort((a, b) => b.specificity - a.specificity || EFFECT_RANK[b.effect] - EFFECT_RANK[a.effect] || (a.id < b.id ? -1 : 1));
}

/**
 * The binding that decides a call: the most specific one that matches; between equally
 * specific ones the strictest effect (deny, then approval_required, then allow). Null: no
 * binding matches, and the call is denied (zero trust).
 */
export function decidePolicy(policies: CompiledPolicy[], call: { method: string; path: string; endUserId: string | null }): CompiledPolicy | null {
  for (const p of policies) {
    if (p.method !== null && p.method !== call.method) continue;
    if (p.endUserId !== null && p.endUserId !== call.endUserId) continue;
    if (p.test && !p.test(call.path)) continue;
    return p;
  }
  return null;
}

/**
 * The SHA-256 of a call's body: of its canonical JSON when it is JSON (so key order and
 * whitespace do not make a different call), else of its bytes.
 */
export function bodyHash(body: Buffer, contentType: string | undefined): string {
  if (body.length > 0 && contentType && /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType)) {
    try {
      return createHash("sha256").update(canonicalJson(JSON.parse(body.toString("utf8")))).digest("hex");
    } catch {
      // Not JSON after all: hash the bytes.
    }
  }
  return createHash("sha256").update(body).digest("hex");
}

export type CallIdentity = { agentId: string; endUserId: string | null; toolId: string; method: string; path: string; bodyHash: string };

/** What an approval is bound to: agent, end user, tool, method, path with its query, and body. */
export function callHash(call: CallIdentity): string {
  return canonicalHash({ agent: call.agentId, endUser: call.endUserId, tool: call.toolId, method: call.method, path: call.path, body: call.bodyHash });
}
