import type { ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionDto, CreateConnectionBody } from "@/lib/schemas/connections";
import { encryptSecret } from "@/lib/vault";
import { isUniqueViolation, nameTaken } from "./find-connection";
import { auditView, connectionSecretRef, connectionSelect, presentConnection, secretHint } from "./present";
import { validateDatabaseSecret } from "./validate-secret";

/** Stores a new connection with its secret sealed in the vault; status stays `pending` until tested. */
export async function createConnection(scope: ActingScope, body: CreateConnectionBody): Promise<ConnectionDto> {
  if (body.type === "oauth2") {
    throw new ApiError("invalid_request", "OAuth connections are created through the OAuth flow: POST /v1/connections/{google|linkedin}/authorize", {
      details: [{ path: "type", message: "Use the OAuth flow for oauth2 connections" }],
    });
  }
  if (body.type === "database") validateDatabaseSecret(body.provider, body.secret, body.fields);
  const workspaceId = scope.workspace.id;
  const projectId = scope.project.id;
  if (await db.connection.findFirst({ where: { projectId, name: body.name }, select: { id: true } })) throw nameTaken();
  const id = newId("connection");
  const secret = body.secret ?? null;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.connection.create({
        data: {
          id,
          workspaceId,
          projectId,
          name: body.name,
          type: body.type,
          provider: body.provider,
          environment: body.environment,
          config: body.fields as Prisma.InputJsonObject,
          secret: secret === null ? null : await encryptSecret(connectionSecretRef(workspaceId, id), secret, tx),
          secretVersion: secret === null ? 0 : 1,
          secretHint: secretHint(body.type, body.provider, secret ?? undefined),
          createdById: scope.actor.type === "user" || scope.actor.type === "token" ? scope.actor.userId : null,
        },
        select: connectionSelect,
      });
      await recordScopedAudit(scope, { action: "connection.create", target: { type: "connection", id }, after: auditView(row) }, tx);
      return presentConnection(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
