const NAME_KEYS = ["name", "email", "domain", "title", "slug"] as const;

function nameIn(value: unknown): string | null {
  if (!value || typeof value !== "object") return null;
  const o = value as Record<string, unknown>;
  for (const k of NAME_KEYS) if (typeof o[k] === "string" && o[k]) return (o[k] as string).slice(0, 200);
  return null;
}

/**
 * The name an entry's target goes by, kept with the entry so a deleted target keeps the last
 * name it had: the caller's label, else the name (or email, domain…) in after, then before.
 */
export function targetLabelOf(entry: { target?: { label?: string | null } | null; before?: unknown; after?: unknown }): string | null {
  if (!entry.target) return null;
  return entry.target.label?.slice(0, 200) || nameIn(entry.after) || nameIn(entry.before);
}
