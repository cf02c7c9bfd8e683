import type { ActingScope } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/client";
import { asJson } from "@/lib/db/json";
import { CallError } from "@/lib/calls/call-error";
import { canonicalHash } from "@/lib/calls/canonical-hash";
import { listMcpTools, type ListedTool } from "@/lib/calls/list-mcp-tools";
import { mcpTimeoutMs } from "@/lib/calls/mcp-session";
import { defaultToolPolicy } from "@/lib/calls/mcp-tool-gate";
import { builtInTools, isDatabaseAdapter } from "@/lib/calls/db-tools/catalog";
import { toolsFromOpenApi } from "@/lib/calls/openapi-tools";
import { documentOf } from "./openapi-document";
import { Prisma, type McpInstance } from "@/lib/generated/prisma/client";
import type { z } from "zod";
import type { syncMcpInstanceResponse } from "@/lib/schemas/mcp-instances";
import { endpointOf } from "./endpoint";
import { getMcpInstanceOrThrow } from "./find-instance";
import { presentInstance, presentTool } from "./present";

type SyncResult = z.infer<typeof syncMcpInstanceResponse>;

/**
 * Lists the upstream's tools and caches them with their schema hash. A tool whose policy no
 * admin chose gets the default again (allow if marked read-only, else approval_required);
 * an admin's choice is kept, also across a tool's disappearance (removedAt). A failed sync
 * changes no tool and is recorded on the instance with a safe reason. A database instance's
 * tools are built in: its sync writes that list (nothing is asked of the database).
 */
export async function syncMcpInstance(scope: ActingScope, id: string): Promise<SyncResult> {
  const instance = await getMcpInstanceOrThrow(scope, id);
  let listed: Awaited<ReturnType<typeof listMcpTools>> | { era: null; tools: ListedTool[]; ignored: string[] };
  try {
    listed = isDatabaseAdapter(instance.adapter)
      ? databaseListing(instance)
      : instance.adapter === "openapi"
        ? await openApiListing(instance)
        : await listMcpTools(endpointOf(scope, instance), AbortSignal.timeout(mcpTimeoutMs()));
  } catch (err) {
    if (!(err instanceof CallError)) throw err;
    return recordFailure(scope, instance, err);
  }
  const now = new Date();
  const { added, changed, removed } = await db.$transaction(async (tx) => {
    const out = await applyListing(scope, instance.id, listed.tools, now, tx);
    await tx.mcpInstance.update({ where: { id: instance.id }, data: { protocolEra: listed.era, lastSyncedAt: now, lastSyncStatus: "ok", lastSyncError: null } });
    await recordScopedAudit(
      scope,
      { action: "mcp_instance.sync", target: { type: "mcp_instance", id }, metadata: { status: "ok", protocolEra: listed.era, tools: listed.tools.length, ...out, ignored: listed.ignored } },
      tx,
    );
    return out;
  });
  return { ...(await snapshot(scope, instance.id)), added, changed, removed };
}

/** An openapi instance's tools: the operations of its document (nothing is asked of the API). */
async function openApiListing(instance: McpInstance) {
  if (!instance.connectionId) throw new CallError("connection_required", "Bind the API's connection to the instance", false);
  const tools = await toolsFromOpenApi(documentOf(instance.config));
  return { era: null, tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, annotations: t.annotations })), ignored: [] };
}

function databaseListing(instance: McpInstance) {
  if (!instance.connectionId) throw new CallError("connection_required", "Bind a database connection to the instance", false);
  return { era: null, tools: builtInTools(instance.adapter as Parameters<typeof builtInTools>[0], instance.readOnly), ignored: [] };
}

/** Rewrites a database instance's built-in tools (its read-only flag changed), inside the caller's transaction. */
export async function writeBuiltInTools(scope: ActingScope, instance: McpInstance, tx: Tx): Promise<void> {
  if (!isDatabaseAdapter(instance.adapter)) return;
  await applyListing(scope, instance.id, builtInTools(instance.adapter, instance.readOnly), new Date(), tx);
}

/** Caches a listing: new tools get the default policy, changed ones a new hash, missing ones removedAt. */
async function applyListing(scope: ActingScope, instanceId: string, tools: ListedTool[], now: Date, tx: Tx) {
  // Syncs of one instance apply one after the other (two at once would both insert a new tool).
  await tx.$executeRaw`SELECT 1 FROM "McpInstance" WHERE "id" = ${instanceId} FOR UPDATE`;
  const existing = await tx.mcpTool.findMany({ where: { instanceId, ...tenantWhere(scope) } });
  const byName = new Map(existing.map((t) => [t.name, t]));
  const out = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
  for (const t of tools) {
    const hash = canonicalHash(t.inputSchema);
    const prev = byName.get(t.name);
    const data = toolData(t, hash);
    if (!prev) {
      out.added.push(t.name);
      await tx.mcpTool.create({ data: { id: newId("mcpTool"), ...tenantWhere(scope), instanceId, name: t.name, ...data, policy: defaultToolPolicy(t.annotations) } });
      continue;
    }
    if (prev.schemaHash !== hash) out.changed.push(t.name);
    await tx.mcpTool.update({ where: { id: prev.id }, data: { ...data, removedAt: null, ...(prev.policySetAt ? {} : { policy: defaultToolPolicy(t.annotations) }) } });
  }
  const listedNames = new Set(tools.map((t) => t.name));
  const gone = existing.filter((t) => !listedNames.has(t.name) && !t.removedAt);
  out.removed = gone.map((t) => t.name);
  if (gone.length) await tx.mcpTool.updateMany({ where: { id: { in: gone.map((t) => t.id) } }, data: { removedAt: now } });
  return out;
}

function toolData(t: ListedTool, schemaHash: string) {
  return { description: t.description, inputSchema: asJson(t.inputSchema), annotations: t.annotations ? asJson(t.annotations) : Prisma.DbNull, schemaHash };
}

async function recordFailure(scope: ActingScope, instance: McpInstance, err: CallError): Promise<SyncResult> {
  const reason = `${err.code}: ${err.message}`.slice(0, 500);
  await db.$transaction(async (tx) => {
    await tx.mcpInstance.update({ where: { id: instance.id }, data: { lastSyncedAt: new Date(), lastSyncStatus: "error", lastSyncError: reason } });
    await recordScopedAudit(scope, { action: "mcp_instance.sync", target: { type: "mcp_instance", id: instance.id }, metadata: { status: "error", reason: err.code } }, tx);
  });
  return { ...(await snapshot(scope, instance.id)), added: [], changed: [], removed: [] };
}

async function snapshot(scope: ActingScope, id: string) {
  const row = await getMcpInstanceOrThrow(scope, id);
  const tools = await db.mcpTool.findMany({ where: { instanceId: id, ...tenantWhere(scope) }, orderBy: { name: "asc" } });
  return { instance: presentInstance(row), tools: tools.map((t) => presentTool(row, t)) };
}
