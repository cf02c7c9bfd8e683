// The JSON viewer's search: keep only the parts of a value whose key or scalar value contains
// the query (case-insensitive), with the path that leads to them, so a match is seen in place.

const NO_MATCH = Symbol("no match");

function scalarMatches(value: unknown, q: string): boolean {
  return value !== null && typeof value === "object" ? false : String(value).toLowerCase().includes(q);
}

function prune(value: unknown, q: string): unknown {
  if (Array.isArray(value)) {
    const kept = value.map((v) => prune(v, q)).filter((v) => v !== NO_MATCH);
    return kept.length ? kept : NO_MATCH;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // A matching key keeps its whole value; otherwise only the matching parts below it.
      if (k.toLowerCase().includes(q)) out[k] = v;
      else {
        const p = prune(v, q);
        if (p !== NO_MATCH) out[k] = p;
      }
    }
    return Object.keys(out).length ? out : NO_MATCH;
  }
  return scalarMatches(value, q) ? value : NO_MATCH;
}

/** The value narrowed to what matches `query`; `{ matched: false }` when nothing does. */
export function filterJson(value: unknown, query: string): { matched: boolean; value: unknown } {
  const q = query.trim().toLowerCase();
  if (!q) return { matched: true, value };
  const p = prune(value, q);
  return p === NO_MATCH ? { matched: false, value: undefined } : { matched: true, value: p };
}
