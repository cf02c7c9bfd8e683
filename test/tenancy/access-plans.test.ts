import { describe, expect, it } from "vitest";
import { pgPool } from "@/lib/db/pool";
import { accessStatementText } from "@/lib/access/load-access";
import { listWorkflowsStatement } from "@/lib/workflows/list-workflows";
import { deliverySql } from "@/lib/inbound/delivery-target";
import { listWorkflowsQuery } from "@/lib/schemas/workflows";

// The raw pool's sessions plan each named statement once, with a generic plan (lib/db/pool.ts),
// instead of planning the API's access statement again on every request. That is only safe while
// each statement's generic plan, which knows none of the parameters, still reaches its rows
// through indexes: with sequential scans turned off, any left in the plan would be forced ones.

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; "Index Cond"?: string; Plans?: PlanNode[] };

async function genericPlan(text: string): Promise<PlanNode> {
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL enable_seqscan = off");
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${text}`);
    return rows[0]["QUERY PLAN"][0].Plan;
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** The tables the plan reads. */
const tablesOf = (plan: PlanNode) => nodesOf(plan).flatMap((n) => (n["Relation Name"] ? [n["Relation Name"]] : []));

/** The scans of a plan that read a whole table or index: sequential scans, and index scans without an index condition. */
const fullScans = (plan: PlanNode) =>
  nodesOf(plan)
    .filter((n) => n["Node Type"] === "Seq Scan" || (/Index (Only )?Scan$/.test(n["Node Type"]) && !n["Index Cond"]))
    .map((n) => `${n["Node Type"]} ${n["Relation Name"] ?? n["Index Name"] ?? ""}`);

describe("the raw pool's plans", () => {
  it("its sessions use generic plans", async () => {
    const { rows } = await pgPool().query<{ plan_cache_mode: string }>("SHOW plan_cache_mode");
    expect(rows[0].plan_cache_mode).toBe("force_generic_plan");
  });

  it("the access statement's generic plan finds the credential, the membership and the project through indexes", async () => {
    const plan = await genericPlan(accessStatementText());
    expect(tablesOf(plan)).toEqual(expect.arrayContaining(["ApiToken", "Session", "WorkspaceMember", "Project", "ProjectMember"]));
    expect(fullScans(plan)).toEqual([]);
  });

  it("the same with the workflow list read under it (GET /v1/workflows in one round trip)", async () => {
    const plan = await genericPlan(accessStatementText(listWorkflowsStatement(listWorkflowsQuery.parse({}))));
    expect(tablesOf(plan)).toContain("Workflow");
    expect(fullScans(plan)).toEqual([]);
  });

  it("the inbound delivery's statement (its subscription, then the same access rules) reads through indexes too", async () => {
    const plan = await genericPlan(deliverySql(1));
    expect(tablesOf(plan)).toEqual(expect.arrayContaining(["InboundSubscription", "ApiToken", "WorkspaceMember", "Project"]));
    expect(fullScans(plan)).toEqual([]);
  });

  it("a full scan is caught: a lookup whose key is optional (`$1 IS NULL OR …`) leaves its generic plan no index condition", async () => {
    const optional = accessStatementText().replace(`$1::text IS NOT NULL AND t."tokenHash" = $1::text`, `($1::text IS NULL OR t."tokenHash" = $1::text)`);
    expect(optional).not.toBe(accessStatementText());
    expect(fullScans(await genericPlan(optional))).not.toEqual([]);
  });
});
