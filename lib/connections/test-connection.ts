import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/api/errors";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { getConnectionSecret } from "./get-connection-secret";
import { findConnectionOrThrow } from "./find-connection";
import { presentConnection } from "./present";
import { probeConnection } from "./probes/probe-connection";
import { consumeProbe } from "./probe-limit";
import type { ConnectionScope } from "./scope";

/**
 * Test connection: proves the stored secret against the service and records the outcome
 * (`active`, or `error` with a reason safe to show). A rotation that lands meanwhile wins:
 * the result is only written for the secret version that was tested.
 */
export async function testConnection(scope: ConnectionScope, id: string): Promise<ConnectionDto> {
  const { connection, secret, secretVersion } = await getConnectionSecret(scope, id);
  await consumeProbe(scope.project.id);
  if (connection.type === "oauth2") {
    throw new ApiError("invalid_request", "OAuth connections are checked when their tokens refresh; use Reconnect if the status says so");
  }
  const result = await probeConnection({ type: connection.type, provider: connection.provider, fields: connection.fields }, secret);
  const status = result.ok ? "active" : "error";
  const statusReason = result.ok ? null : result.reason;
  await db.$transaction(async (tx) => {
    await tx.connection.updateMany({
      where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id, secretVersion },
      data: { status, statusReason, lastValidatedAt: new Date() },
    });
    await recordAudit(
      {
        workspaceId: scope.workspace.id,
        projectId: scope.project.id,
        actor: scope.actor,
        action: "connection.test",
        target: { type: "connection", id },
        before: { status: connection.status },
        after: { status, statusReason },
        metadata: { secretVersion },
        request: scope.meta ?? null,
      },
      tx,
    );
  });
  return presentConnection(await findConnectionOrThrow(scope, id));
}

