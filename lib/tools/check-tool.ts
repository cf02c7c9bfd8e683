import { ApiError, type FieldIssue } from "@/lib/core/errors";
import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { asJson } from "@/lib/db/json";
import type { Prisma } from "@/lib/generated/prisma/client";
import { baseUrlProblem } from "@/lib/llm/base-url-guard";
import type { CreateToolBody, ToolCapability, ToolCredentialInput, UpdateToolBody } from "@/lib/schemas/tools";
import { patternProblem } from "./match";

// What the schema cannot check: the base URL against the egress policy (the gateway calls it,
// so a private or loopback address is refused unless EGRESS_ALLOWED_HOSTS opens it), path
// patterns that path-to-regexp refuses, and a credential connection of this project with the
// type its kind needs. Every problem is reported at once, and nothing is saved when there is one.

type Settings = Partial<Omit<CreateToolBody, "name">>;

/** The connection type each credential kind reads its secret from (sigv4: the AWS key pair as an api_key secret). */
const CONNECTION_TYPE = { api_key: "api_key", oauth2: "oauth2", sigv4: "api_key" } as const;

export async function checkToolSettings(scope: TenantRef, input: Settings): Promise<void> {
  const issues: FieldIssue[] = [];
  const problem = input.baseUrl ? await baseUrlProblem(input.baseUrl) : null;
  if (problem) issues.push({ path: "baseUrl", message: problem });
  issues.push(...capabilityIssues(input.capabilities ?? []));
  if (input.credential) issues.push(...(await credentialIssues(scope, input.credential)));
  if (issues.length) throw new ApiError("invalid_request", "The request is invalid", { details: issues });
}

function capabilityIssues(list: ToolCapability[]): FieldIssue[] {
  return list.flatMap((c, i) => {
    const why = patternProblem(c.path);
    return why ? [{ path: `capabilities.${i}.path`, message: `Not a valid path pattern: ${why}` }] : [];
  });
}

async function credentialIssues(scope: TenantRef, c: ToolCredentialInput): Promise<FieldIssue[]> {
  if (c.kind === "none") return [];
  const conn = await db.connection.findFirst({ where: { id: c.connectionId, ...tenantWhere(scope) }, select: { type: true } });
  if (!conn) return [{ path: "credential.connectionId", message: "No such connection in this project" }];
  const want = CONNECTION_TYPE[c.kind];
  if (conn.type !== want) return [{ path: "credential.connectionId", message: `A ${c.kind} credential needs a connection of type ${want} (this one is ${conn.type})` }];
  return [];
}

/** The credential columns of a tool, from the API's union (every column set, so a change of kind clears the others). */
export function credentialColumns(c: ToolCredentialInput) {
  return {
    credentialKind: c.kind,
    connectionId: c.kind === "none" ? null : c.connectionId,
    credentialPlacement: c.kind === "api_key" ? c.placement : ("bearer" as const),
    credentialName: c.kind === "api_key" && c.placement !== "bearer" ? (c.name ?? null) : null,
    sigv4Service: c.kind === "sigv4" ? c.service : null,
    sigv4Region: c.kind === "sigv4" ? c.region : null,
  };
}

/** The columns a create or an update writes (only the fields given). */
export function toolData(input: Settings | UpdateToolBody): Prisma.ToolUncheckedUpdateInput {
  const data: Prisma.ToolUncheckedUpdateInput = {};
  if ("name" in input && input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description || null;
  if (input.baseUrl !== undefined) data.baseUrl = input.baseUrl;
  if (input.capabilities !== undefined) data.capabilities = asJson(input.capabilities);
  if (input.credential !== undefined) Object.assign(data, credentialColumns(input.credential));
  if (input.callsPerMinute !== undefined) data.callsPerMinute = input.callsPerMinute;
  if (input.recordBodies !== undefined) data.recordBodies = input.recordBodies;
  return data;
}
