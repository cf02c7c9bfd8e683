import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { encryptSecret } from "@/lib/vault";
import { connectionSecretRef } from "@/lib/connections/present";
import { signingSecretRef } from "@/lib/inbound/present";
import { endpointSecretRef } from "@/lib/webhooks/secret";
import { hashToken } from "@/lib/tokens/format";
import { recordAudit } from "@/lib/audit/record";
import { tenant } from "@/test/support/world";
import { createTestAgent } from "./agents";
import { recordTestUsage } from "./billing";
import { createTestProvider } from "./providers";
import { createTestRun } from "./runs";
import { addProjectMember, createTestDomain } from "./tenancy";
import { createTestTool, createTestToolPolicy } from "./tools";
import { createTestToken } from "./tokens";

// A workspace with a row of every kind an export covers, and a distinctive canary in every
// secret it holds: the export must carry the rows and none of the canaries, their hashes or
// their ciphertexts.

const canary = (what: string) => `canary_${what}_${randomBytes(8).toString("hex")}`;

export async function exportWorld() {
  const t = await tenant({ workflow: true, credits: true });
  const ws = t.workspace.id;
  const prj = t.project.id;
  const c = {
    apiKey: canary("CONNKEY"),
    oauthAccess: canary("OAUTHACCESS"),
    oauthRefresh: canary("OAUTHREFRESH"),
    provider: canary("LLMKEY"),
    webhook: canary("WHSECRET"),
    webhookPrev: canary("WHPREV"),
    inbound: canary("INBOUND"),
    invitation: canary("INVITE"),
  };

  await addProjectMember({ workspaceId: ws, projectId: prj, userId: t.member.id, role: "project_viewer" });
  const pat = await createTestToken({ userId: t.owner.id, workspaceId: ws, name: "ci" });
  const automation = await createTestToken({ userId: t.owner.id, workspaceId: ws, name: "automation", kind: "automation", projectId: prj });
  await db.invitation.create({ data: { id: newId("invitation"), workspaceId: ws, email: "guest@example.test", role: "member", tokenHash: hashToken(c.invitation), expiresAt: new Date(Date.now() + 86_400_000) } });
  await createTestDomain({ workspaceId: ws, domain: `d${randomBytes(3).toString("hex")}.example.test`, verified: true });

  const connId = newId("connection");
  const conn = await db.connection.create({
    data: { id: connId, workspaceId: ws, projectId: prj, name: "github", type: "api_key", provider: "github", status: "active", config: { baseUrl: "https://api.github.test" }, secret: await encryptSecret(connectionSecretRef(ws, connId), c.apiKey), secretHint: "…" + c.apiKey.slice(-4) },
  });
  const oauthId = newId("connection");
  await db.connection.create({
    data: { id: oauthId, workspaceId: ws, projectId: prj, name: "google", type: "oauth2", provider: "google", status: "active", secret: await encryptSecret(connectionSecretRef(ws, oauthId), JSON.stringify({ access_token: c.oauthAccess, refresh_token: c.oauthRefresh })) },
  });
  const provider = await createTestProvider({ workspaceId: ws, vendor: "openai", apiKey: c.provider });
  await db.modelSetting.create({ data: { id: newId("modelSetting"), workspaceId: ws, projectId: prj, role: "default", providerId: provider.id, model: "gpt-test" } });

  const mcp = await db.mcpInstance.create({ data: { id: newId("mcpInstance"), workspaceId: ws, projectId: prj, name: "docs", adapter: "remote_mcp", connectionId: conn.id, url: "https://mcp.example.test/mcp" } });
  await db.mcpTool.create({ data: { id: newId("mcpTool"), workspaceId: ws, projectId: prj, instanceId: mcp.id, name: "search", inputSchema: { type: "object" }, schemaHash: "0".repeat(64) } });
  const { agent, token: agentToken } = await createTestAgent({ workspaceId: ws, projectId: prj });
  const tool = await createTestTool({ workspaceId: ws, projectId: prj, baseUrl: "https://api.example.test", credentialKind: "api_key", connectionId: conn.id });
  await createTestToolPolicy({ tool, agentId: agent.id, effect: "allow" });

  const run = await createTestRun(t.workflow, { status: "succeeded" });
  await db.runStep.create({ data: { id: newId("runStep"), workspaceId: ws, projectId: prj, runId: run.id, nodeId: "n1", nodeType: "http", seq: 1, status: "succeeded", output: { ok: true } } });
  await db.runStep.create({ data: { id: newId("runStep"), workspaceId: ws, projectId: prj, runId: run.id, nodeId: "gate", nodeType: "approval", seq: 2, status: "succeeded" } });
  for (const [seq, type] of ["run.queued", "run.started", "run.succeeded"].entries()) {
    await db.runEvent.create({ data: { runId: run.id, seq: seq + 1, workspaceId: ws, projectId: prj, type } });
  }
  await db.approval.create({ data: { id: newId("approval"), workspaceId: ws, projectId: prj, runId: run.id, nodeId: "gate", status: "approved", message: "ok?", approverRole: "project_admin", expiresAt: new Date(Date.now() + 3600_000), decidedById: t.owner.id, decidedAt: new Date() } });
  await recordTestUsage(run, { kind: "step", charge: 100n });

  const subId = newId("inboundSubscription");
  const sub = await db.inboundSubscription.create({ data: { id: subId, workspaceId: ws, projectId: prj, workflowId: t.workflow.id, name: "sender", signingSecret: await encryptSecret(signingSecretRef(ws, subId), c.inbound), tokenId: automation.row.id } });
  await db.inboundDelivery.create({ data: { id: newId("inboundDelivery"), subscriptionId: sub.id, workspaceId: ws, projectId: prj, status: 202, reason: "accepted", runId: run.id } });

  const endpointId = newId("webhook");
  const endpoint = await db.webhookEndpoint.create({
    data: {
      id: endpointId, workspaceId: ws, projectId: prj, url: "https://hooks.example.test/in", events: ["run.succeeded"],
      secret: await encryptSecret(endpointSecretRef(ws, endpointId, "secret"), c.webhook),
      previousSecret: await encryptSecret(endpointSecretRef(ws, endpointId, "previousSecret"), c.webhookPrev),
      previousSecretExpiresAt: new Date(Date.now() + 3600_000),
    },
  });
  const delivery = await db.webhookDelivery.create({ data: { id: newId("webhookDelivery"), workspaceId: ws, projectId: prj, endpointId: endpoint.id, eventId: newId("event"), eventType: "run.succeeded", payload: { runId: run.id }, status: "succeeded", attempts: 1 } });
  await db.webhookAttempt.create({ data: { id: newId("webhookAttempt"), deliveryId: delivery.id, attempt: 1, statusCode: 200, latencyMs: 12 } });
  await db.checkoutSession.create({ data: { id: `cs_test_${randomBytes(6).toString("hex")}`, workspaceId: ws, packId: "starter", credits: 10_000_000n, amountCents: 1000, currency: "usd", status: "completed" } });
  await recordAudit({ workspaceId: ws, actor: { type: "user", userId: t.owner.id }, action: "workspace.update", target: { type: "workspace", id: ws } });

  const secrets = [...Object.values(c), pat.token, agentToken, automation.token];
  return { t, canaries: c, secrets, pat, agentToken };
}

/** Everything in the database that must never appear in an export of `workspaceId`: ciphertexts (raw, hex, base64) and credential hashes. */
export async function forbiddenArtifacts(workspaceId: string, secrets: string[]): Promise<string[]> {
  const bytes: Uint8Array[] = [];
  for (const r of await db.connection.findMany({ where: { workspaceId }, select: { secret: true } })) if (r.secret) bytes.push(r.secret);
  for (const r of await db.llmProvider.findMany({ where: { workspaceId }, select: { apiKey: true } })) bytes.push(r.apiKey);
  for (const r of await db.inboundSubscription.findMany({ where: { workspaceId }, select: { signingSecret: true } })) bytes.push(r.signingSecret);
  for (const r of await db.webhookEndpoint.findMany({ where: { workspaceId }, select: { secret: true, previousSecret: true } })) bytes.push(r.secret, ...(r.previousSecret ? [r.previousSecret] : []));
  const key = await db.workspaceKey.findUnique({ where: { workspaceId } });
  if (key) bytes.push(key.wrappedKey);
  const hashes = [
    ...(await db.apiToken.findMany({ where: { workspaceId }, select: { tokenHash: true } })).map((r) => r.tokenHash),
    ...(await db.agentToken.findMany({ where: { workspaceId }, select: { tokenHash: true } })).map((r) => r.tokenHash),
    ...(await db.invitation.findMany({ where: { workspaceId }, select: { tokenHash: true } })).map((r) => r.tokenHash),
    ...secrets.map((s) => createHash("sha256").update(s).digest("hex")),
  ];
  const encoded = bytes.flatMap((b) => {
    const buf = Buffer.from(b);
    // The ciphertext body (past the version/nonce header) is what would leak; 24 bytes of it are distinctive.
    const body = buf.subarray(Math.max(0, buf.length - 24));
    return [buf.toString("hex"), buf.toString("base64"), body.toString("hex"), body.toString("base64").slice(0, 28), body.toString("latin1")];
  });
  return [...secrets, ...hashes, ...encoded];
}
