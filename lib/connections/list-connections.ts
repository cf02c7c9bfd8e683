import type { TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { ConnectionDto, ListConnectionsQuery } from "@/lib/schemas/connections";
import { connectionSelect, presentConnection } from "./present";

/** The project's connections, newest first, optionally filtered by type, status and environment. */
export async function listConnections(
  scope: TenantRef,
  q: ListConnectionsQuery,
): Promise<{ data: ConnectionDto[]; nextCursor: string | null }> {
  const rows = await db.connection.findMany({
    where: {
      workspaceId: scope.workspace.id,
      projectId: scope.project.id,
      ...(q.type ? { type: q.type } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.environment ? { environment: q.environment } : {}),
      ...cursorWhere(q),
    },
    ...pageArgs(q),
    select: connectionSelect,
  });
  const page = toPage(rows, q);
  return { data: page.data.map(presentConnection), nextCursor: page.nextCursor };
}
