import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pool";
import { accessRowsOf, accessSql, type AccessRow, type AccessRows } from "@/lib/access/load-access";
import { ApiError, notFound } from "@/lib/core/errors";
import { workflowGraph } from "@/lib/schemas/workflow-graph";
import { triggerOf } from "@/lib/workflows/graph";

// What the request path needs to acknowledge a delivery, in one round trip: the subscription
// (with its sealed secret), the number of its workflow's latest version, the workspace's
// balance and whether it is pending deletion, and the presented token with its owner's
// membership and role in the subscription's project — the API's own access statement
// (lib/access/load-access.ts), read on every delivery, never cached (a delivery on the fast path
// re-reads them in its acknowledging statement: fast-delivery.ts). A published version never
// changes, so its trigger's input schema is kept per process: a delivery validates its input
// without reading the version again.

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
  /** The workspace's balance is positive (runs are admitted against it later, waiting for credits if need be). */
  hasCredits: boolean;
  pendingDeletion: boolean;
};

type SubscriptionRow = {
  subId: string;
  subWorkspaceId: string;
  subProjectId: string;
  subWorkflowId: string;
  subTokenId: string;
  subEnabled: boolean;
  subSigningSecret: Buffer;
  subLatestVersion: number | null;
  subHasCredits: boolean;
  subPendingDeletion: boolean;
  fingerprint: string;
};

// $first…$first+4 are the access statement's own parameters (its project is the
// subscription's), $first+5 the subscription's id. `fingerprint` digests every value a delivery's
// verdict is drawn from — the subscription (its sealed secret, state, version), whether the
// workspace's data key still exists (crypto-shredding), the balance's sign, the token and its
// owner's access rows — but not the token's lastUsedAt bookkeeping: equal fingerprints, equal
// verdict (lib/inbound/fast-delivery.ts relies on it).
export const deliverySql = (first: number) => `
SELECT ibs.*, acc.*,
       md5(to_jsonb(ibs)::text || COALESCE((to_jsonb(acc) - 'lastUsedMs')::text, '')) AS fingerprint
FROM (
  SELECT s.id AS "subId", s."workspaceId" AS "subWorkspaceId", s."projectId" AS "subProjectId", s."workflowId" AS "subWorkflowId",
         s."tokenId" AS "subTokenId", s.enabled AS "subEnabled", s."signingSecret" AS "subSigningSecret",
         w."latestVersion" AS "subLatestVersion", COALESCE(b.balance, 0) > 0 AS "subHasCredits",
         (ws."deletionScheduledFor" IS NOT NULL) AS "subPendingDeletion",
         EXISTS (SELECT 1 FROM "WorkspaceKey" wk WHERE wk."workspaceId" = s."workspaceId") AS "subDataKey"
  FROM "InboundSubscription" s
  JOIN "Workspace" ws ON ws.id = s."workspaceId"
  LEFT JOIN "Workflow" w ON w.id = s."workflowId" AND w."workspaceId" = s."workspaceId" AND w."projectId" = s."projectId"
  LEFT JOIN "WorkspaceBalance" b ON b."workspaceId" = s."workspaceId"
  WHERE s.id = $${first + 5}::text
) ibs
LEFT JOIN LATERAL (${accessSql('ibs."subProjectId"', first)}) acc ON true`;

/** deliverySql's parameters: the presented token's hash (null: none or malformed, nothing looked up) and the subscription's id. */
export const deliveryValues = (subscriptionId: string, tokenHash: string | null) => [tokenHash, null, true, null, true, subscriptionId];

export type LoadedDelivery = { sub: DeliverySubscription; access: AccessRows; fingerprint: string };

/**
 * The subscription by id with its workflow's latest version and the balance (null: no such
 * subscription), and the rows behind the presented token (`tokenHash` null: none or malformed,
 * nothing looked up).
 */
export async function loadDelivery(subscriptionId: string, tokenHash: string | null): Promise<LoadedDelivery | null> {
  const { rows } = await pgPool().query<SubscriptionRow & AccessRow>({
    name: "ar_inbound_delivery_v2",
    text: deliverySql(1),
    values: deliveryValues(subscriptionId, tokenHash),
  });
  const r = rows[0];
  if (!r) return null;
  const sub: DeliverySubscription = {
    id: r.subId,
    workspaceId: r.subWorkspaceId,
    projectId: r.subProjectId,
    workflowId: r.subWorkflowId,
    tokenId: r.subTokenId,
    enabled: r.subEnabled,
    signingSecret: r.subSigningSecret,
    latestVersion: r.subLatestVersion,
    hasCredits: r.subHasCredits,
    pendingDeletion: r.subPendingDeletion,
  };
  return { sub, access: accessRowsOf({ type: "token", tokenHash: tokenHash ?? "" }, tokenHash ? r : undefined), fingerprint: r.fingerprint };
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
