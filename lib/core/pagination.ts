import { z } from "zod";

// Cursor pagination over prefixed, time-sortable ids: newest first, `cursor` is the last id
// of the previous page, `nextCursor` is null on the last page.
// `limit` is decimal digits only: plain coercion would also take "0x10", "1e1" or " 5".
const decimalOnly = (v: unknown) => (typeof v === "string" && !/^[0-9]+$/.test(v) ? NaN : v);

export const pageQuery = z.object({
  limit: z.preprocess(decimalOnly, z.coerce.number().int().min(1).max(200)).default(50),
  cursor: z.string().min(1).max(64).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** Spread into findMany; merge `cursorWhere(q)` into the tenant-scoped `where`. */
export function pageArgs(q: PageQuery) {
  return { take: q.limit + 1, orderBy: { id: "desc" as const } };
}

// A plain `id < cursor` filter: it needs no row lookup, so a foreign cursor reveals nothing.
export function cursorWhere(q: PageQuery): { id?: { lt: string } } {
  return q.cursor ? { id: { lt: q.cursor } } : {};
}

export function toPage<T extends { id: string }>(rows: T[], q: PageQuery): { data: T[]; nextCursor: string | null } {
  const hasMore = rows.length > q.limit;
  const data = hasMore ? rows.slice(0, q.limit) : rows;
  return { data, nextCursor: hasMore ? data[data.length - 1].id : null };
}

export const pageResponse = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
