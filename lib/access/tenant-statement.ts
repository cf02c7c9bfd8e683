import { pgPool } from "@/lib/db/pool";
import type { TenantRef } from "@/lib/core/scope";

// A read of one tenant's rows that can ride in the API's access statement
// (lib/access/load-access.ts): the route wrapper sends both in ONE round trip and hands the
// handler's answer on only once its own rules (lib/access/tenancy.ts, lib/authz) allowed the
// request; when they refuse, the rows read are dropped unseen. The statement names the tenant
// through SQL expressions, so the same text reads either the access statement's verdict rows
// (the workspace and project it found for the caller) or parameters (a scope already resolved:
// the console, MCP, tests).

/** SQL expressions for the tenant's ids. */
export type TenantSql = { workspaceId: string; projectId: string };

export type TenantStatement<T> = {
  /** Prepared-statement name (unique per distinct `sql`). */
  name: string;
  /**
   * A SELECT returning one row whose first column is the result (NULL-safe: a tenant that is
   * not there reads nothing). Reads only the rows of `tenant`; its own parameters start at $first.
   */
  sql: (tenant: TenantSql, first: number) => string;
  values: unknown[];
  /** The result column as the caller returns it. */
  read: (result: unknown) => T;
};

/** The statement on its own, for a tenant already resolved. */
export async function runTenantStatement<T>(statement: TenantStatement<T>, scope: TenantRef): Promise<T> {
  const { rows } = await pgPool().query<{ result: unknown }>({
    name: statement.name,
    text: statement.sql({ workspaceId: "$1::text", projectId: "$2::text" }, 3),
    values: [scope.workspace.id, scope.project.id, ...statement.values],
  });
  return statement.read(rows[0]?.result ?? null);
}
