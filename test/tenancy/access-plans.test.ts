import { describe, expect, it } from "vitest";
import { pgPool } from "@/lib/db/pool";
import { accessStatementText } from "@/lib/access/load-access";
import { listWorkflowsStatement } from "@/lib/workflows/list-workflows";
import { deliverySql } from "@/lib/inbound/delivery-target";

// The raw pool's sessions plan each named statement once, with a generic plan (lib/db/pool.ts),
// instead of planning the API's access statement again on every request. That is only safe while
// each statement's generic plan, which knows none of the parameters, still reaches its rows
// through indexes: with sequential scans turned off, any left in the plan would be forced ones.

async function genericPlan(text: string): Promise<string[]> {
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL enable_seqscan = off");
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (GENERIC_PLAN, COSTS OFF) ${text}`);
    return rows.map((r) => r["QUERY PLAN"]);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

/** The scans of a plan that read a whole table or index: sequential scans, and index scans without an index condition. */
function fullScans(plan: string[]): string[] {
  const indent = (line: string) => line.length - line.trimStart().length;
  return plan.flatMap((line, i) => {
    if (/Seq Scan/.test(line)) return [line.trim()];
    if (!/Index (Only )?Scan/.test(line)) return [];
    const details: string[] = [];
    for (let j = i + 1; j < plan.length && indent(plan[j]) > indent(line) && !plan[j].includes("->"); j++) details.push(plan[j]);
    return details.some((d) => d.includes("Index Cond:")) ? [] : [line.trim()];
  });
}

describe("the raw pool's plans", () => {
  it("its sessions use generic plans", async () => {
    const { rows } = await pgPool().query<{ plan_cache_mode: string }>("SHOW plan_cache_mode");
    expect(rows[0].plan_cache_mode).toBe("force_generic_plan");
  });

  it("the access statement's generic plan finds the credential, the membership and the project through indexes", async () => {
    const plan = await genericPlan(accessStatementText());
    for (const table of ["ApiToken", "Session", "WorkspaceMember", "Project", "ProjectMember"]) expect(plan.join("\n")).toContain(`on "${table}"`);
    expect(fullScans(plan)).toEqual([]);
  });

  it("the same with the workflow list read under it (GET /v1/workflows in one round trip)", async () => {
    const plan = await genericPlan(accessStatementText(listWorkflowsStatement({ limit: 50 } as never)));
    expect(plan.join("\n")).toContain('on "Workflow"');
    expect(fullScans(plan)).toEqual([]);
  });

  it("the inbound delivery's statement (its subscription, then the same access rules) reads through indexes too", async () => {
    const plan = await genericPlan(deliverySql(1));
    for (const table of ["InboundSubscription", "ApiToken", "WorkspaceMember", "Project"]) expect(plan.join("\n")).toContain(`on "${table}"`);
    expect(fullScans(plan)).toEqual([]);
  });

  it("a full scan is caught: a lookup whose key is optional (`$1 IS NULL OR …`) leaves its generic plan no index condition", async () => {
    const optional = accessStatementText().replace(`$1::text IS NOT NULL AND t."tokenHash" = $1::text`, `($1::text IS NULL OR t."tokenHash" = $1::text)`);
    expect(optional).not.toBe(accessStatementText());
    expect(fullScans(await genericPlan(optional))).not.toEqual([]);
  });
});
