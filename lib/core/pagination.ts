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
  return keyedPage(rows, q, (row) => row.id);
}

// The same for rows whose sortable key is not called `id` (memberships are keyed by the
// user's or the workspace's prefixed, time-sortable id).
export function keyedPage<T>(rows: T[], q: PageQuery, key: (row: T) => string): { data: T[]; nextCursor: string | null } {
  const hasMore = rows.length > q.limit;
  const data = hasMore ? rows.slice(0, q.limit) : rows;
  return { data, nextCursor: hasMore ? key(data[data.length - 1]) : null };
}

/** The first page, for internal callers that list without a query. */
export const DEFAULT_PAGE: PageQuery = { limit: 50 };

export const pageResponse = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
