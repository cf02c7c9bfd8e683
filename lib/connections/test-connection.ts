import type { ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { testOAuthConnection } from "./oauth/test-oauth-connection";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { getConnectionSecret } from "./get-connection-secret";
import { getConnectionOrThrow } from "./find-connection";
import { presentConnection } from "./present";
import { probeConnection } from "./probes/probe-connection";
import { consumeProbe } from "./probe-limit";

/**
 * Test connection: proves the stored secret against the service and records the outcome
 * (`active`, or `error` with a reason safe to show). A rotation that lands meanwhile wins:
 * the result is only written for the secret version that was tested.
 */
export async function testConnection(scope: ActingScope, id: string): Promise<ConnectionDto> {
  const { connection, secret, secretVersion } = await getConnectionSecret(scope, id);
  await consumeProbe(scope.project.id);
  const result =
    connection.type === "oauth2"
      ? await testOAuthConnection(scope, id, secret)
      : await probeConnection({ type: connection.type, provider: connection.provider, fields: connection.fields }, secret);
  const status: "active" | "error" | "needs_reconnect" = result.ok ? "active" : "status" in result ? (result.status as "error" | "needs_reconnect") : "error";
  const statusReason = result.ok ? null : result.reason;
  await db.$transaction(async (tx) => {
    // An OAuth refresh has already written its outcome (and new tokens); only a probe's
    // result is stored here, and only for the secret version that was tested.
    if (connection.type !== "oauth2" || status === "error") {
      await tx.connection.updateMany({
        where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id, ...(connection.type === "oauth2" ? {} : { secretVersion }) },
        data: { status, statusReason, lastValidatedAt: new Date() },
      });
    }
    await recordScopedAudit(scope, { action: "connection.test", target: { type: "connection", id }, before: { status: connection.status }, after: { status, statusReason }, metadata: { secretVersion } }, tx);
  });
  return presentConnection(await getConnectionOrThrow(scope, id));
}

