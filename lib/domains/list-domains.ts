import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage, type PageQuery, DEFAULT_PAGE } from "@/lib/core/pagination";
import type { DomainDto } from "@/lib/schemas/domains";
import { presentDomain } from "./present";

/** A workspace's domains, newest first (console: settings → domains). */
export async function listDomains(workspaceId: string, q: PageQuery = DEFAULT_PAGE): Promise<{ data: DomainDto[]; nextCursor: string | null }> {
  const rows = await db.domain.findMany({ where: { workspaceId, ...cursorWhere(q) }, ...pageArgs(q) });
  const page = toPage(rows, q);
  return { data: page.data.map(presentDomain), nextCursor: page.nextCursor };
}
