import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/core/errors";
import { workflowGraph } from "@/lib/schemas/workflow-graph";
import { triggerOf } from "@/lib/workflows/graph";

// What the request path needs to acknowledge a delivery, in one round trip: the subscription
// (with its sealed secret), the number of its workflow's latest version, the workspace's
// balance and whether it is pending deletion. A published version never changes, so its trigger's input schema is kept per
// process: a delivery validates its input without reading the version again.

export type DeliverySubscription = {
  id: string;
  workspaceId: string;
  projectId: string;
  workflowId: string;
  tokenId: string;
  enabled: boolean;
  signingSecret: Uint8Array;
  /** The workflow's latest published version (0: none; null: the workflow is gone). */
  latestVersion: number | null;
  balance: bigint;
  pendingDeletion: boolean;
};

/** The subscription by id with its workflow's latest version and the balance, or null. */
export async function loadDeliverySubscription(subscriptionId: string): Promise<DeliverySubscription | null> {
  const rows = await db.$queryRaw<DeliverySubscription[]>`
    SELECT s.id, s."workspaceId", s."projectId", s."workflowId", s."tokenId", s.enabled, s."signingSecret",
           w."latestVersion", COALESCE(b.balance, 0)::bigint AS balance,
           (ws."deletionScheduledFor" IS NOT NULL) AS "pendingDeletion"
    FROM "InboundSubscription" s
    JOIN "Workspace" ws ON ws.id = s."workspaceId"
    LEFT JOIN "Workflow" w ON w.id = s."workflowId" AND w."workspaceId" = s."workspaceId" AND w."projectId" = s."projectId"
    LEFT JOIN "WorkspaceBalance" b ON b."workspaceId" = s."workspaceId"
    WHERE s.id = ${subscriptionId}`;
  return rows[0] ?? null;
}

type Target = { versionNumber: number; inputSchema: unknown };

const schemas = new Map<string, unknown>();
const MAX_CACHED = 1000;

/** The version a delivery runs (the latest published) and its trigger's input schema; 404/422 like starting a run. */
export async function deliveryTarget(sub: DeliverySubscription): Promise<Target> {
  if (sub.latestVersion === null) throw notFound("Workflow");
  const n = sub.latestVersion;
  if (n < 1) throw notFound("Published version (publish the workflow first)");
  const key = `${sub.workflowId}:${n}`;
  if (schemas.has(key)) return { versionNumber: n, inputSchema: schemas.get(key) };
  const version = await db.workflowVersion.findFirst({ where: { workflowId: sub.workflowId, number: n, workspaceId: sub.workspaceId, projectId: sub.projectId }, select: { graph: true } });
  if (!version) throw notFound("Workflow version");
  const parsed = workflowGraph.safeParse(version.graph);
  const trigger = parsed.success ? triggerOf(parsed.data) : null;
  // Starting the run reports these in detail; the delivery only learns that the workflow cannot run.
  if (!trigger) throw new ApiError("invalid_request", "The workflow's graph is not valid: fix the draft before running it", { details: [{ path: "graph", message: "Not a valid graph with a trigger" }] });
  if (schemas.size >= MAX_CACHED) schemas.delete(schemas.keys().next().value!);
  schemas.set(key, trigger.config.inputSchema);
  return { versionNumber: n, inputSchema: trigger.config.inputSchema };
}
