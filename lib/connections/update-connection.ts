import type { ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import { parseWith } from "@/lib/core/validate";
import type { Prisma } from "@/lib/generated/prisma/client";
import { apiKeyFields, databaseFields, whatsappFields, type ConnectionDto, type UpdateConnectionBody } from "@/lib/schemas/connections";
import { needsBaseUrl, type ApiKeyProvider } from "@/lib/schemas/connection-catalog";
import { getConnectionOrThrow, isUniqueViolation, nameTaken } from "./find-connection";
import { auditView, configOf, connectionSelect, presentConnection, type ConnectionRow } from "./present";
import { validateDatabaseSecret } from "./validate-secret";

const invalid = (path: string, message: string) => new ApiError("invalid_request", "The request is invalid", { details: [{ path, message }] });

/** The merged non-secret settings, checked against the connection's type like at creation. */
function mergeFields(row: ConnectionRow, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...configOf(row), ...patch };
  for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
  const prefix = (issues: { path: string; message: string }[]) => issues.map((i) => ({ path: `fields.${i.path}`, message: i.message }));
  const check = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ApiError && err.details) throw new ApiError("invalid_request", "The request is invalid", { details: prefix(err.details) });
      throw err;
    }
  };
  if (row.type === "api_key") {
    const f = check(() => parseWith(apiKeyFields, merged));
    if (needsBaseUrl(row.provider as ApiKeyProvider) && !f.baseUrl) throw invalid("fields.baseUrl", "This vendor needs a base URL");
    if (row.provider === "custom" && !f.headerName) throw invalid("fields.headerName", "Name the header that carries the key");
    return f;
  }
  if (row.type === "whatsapp") return check(() => parseWith(whatsappFields, merged));
  if (row.type === "database") {
    const f = check(() => parseWith(databaseFields, merged));
    if (row.provider === "sqlite") validateDatabaseSecret("sqlite", undefined, f);
    return f;
  }
  throw invalid("fields", "The settings of OAuth connections are chosen in the OAuth flow");
}

/**
 * Renames, relabels the environment, or changes non-secret settings. New settings point the
 * secret somewhere else, so the connection goes back to `pending` until tested again.
 */
export async function updateConnection(scope: ActingScope, id: string, body: UpdateConnectionBody): Promise<ConnectionDto> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await getConnectionOrThrow(scope, id, tx);
      const fields = body.fields ? mergeFields(before, body.fields) : undefined;
      if (body.name && body.name !== before.name && (await tx.connection.findFirst({ where: { projectId: scope.project.id, name: body.name }, select: { id: true } }))) {
        throw nameTaken();
      }
      const after = await tx.connection.update({
        where: { id: before.id },
        data: {
          ...(body.name ? { name: body.name } : {}),
          ...(body.environment ? { environment: body.environment } : {}),
          ...(fields ? { config: fields as Prisma.InputJsonObject, status: "pending", statusReason: null } : {}),
        },
        select: connectionSelect,
      });
      await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
      await recordScopedAudit(scope, { action: "connection.update", target: { type: "connection", id }, before: auditView(before), after: auditView(after) }, tx);
      return presentConnection(after);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
