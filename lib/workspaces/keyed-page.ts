import type { PageQuery } from "@/lib/core/pagination";

// Cursor pagination for rows whose sortable key is not called `id` (memberships are keyed by
// the user's or the workspace's prefixed, time-sortable id). Same contract as lib/api/pagination.
export function keyedPage<T>(rows: T[], q: PageQuery, key: (row: T) => string): { data: T[]; nextCursor: string | null } {
  const hasMore = rows.length > q.limit;
  const data = hasMore ? rows.slice(0, q.limit) : rows;
  return { data, nextCursor: hasMore ? key(data[data.length - 1]) : null };
}

export const DEFAULT_PAGE: PageQuery = { limit: 50 };
