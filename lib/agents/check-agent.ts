import { ApiError, type FieldIssue } from "@/lib/core/errors";
import type { TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { baseUrlProblem } from "@/lib/llm/base-url-guard";
import { asJson } from "@/lib/db/json";
import { catalogVendor } from "./agent-models";
import { normalizeOrigin, type AgentModel, type CreateAgentBody, type UpdateAgentBody } from "@/lib/schemas/agents";

// What the schema cannot check: URLs against the egress policy (the gateway will call both, so
// a private or loopback address is refused unless EGRESS_ALLOWED_HOSTS opens it, exactly as for
// webhooks and LLM base URLs), providers of this workspace, and models the platform key can
// serve. Every problem is reported at once, and nothing is saved when there is one.

type Settings = Partial<Omit<CreateAgentBody, "slug">>;

export async function checkAgentSettings(scope: TenantRef, input: Settings): Promise<void> {
  const issues: FieldIssue[] = [];
  const urls: Array<[string, string | undefined]> = [
    ["endpointUrl", input.endpointUrl],
    ["identityProvider.jwksUrl", input.identityProvider?.jwksUrl],
  ];
  for (const [path, url] of urls) {
    const problem = url ? await baseUrlProblem(url) : null;
    if (problem) issues.push({ path, message: problem });
  }
  issues.push(...(await modelIssues(scope, input.models ?? [])));
  if (issues.length) throw new ApiError("invalid_request", "The request is invalid", { details: issues });
}

async function modelIssues(scope: TenantRef, models: AgentModel[]): Promise<FieldIssue[]> {
  const ids = [...new Set(models.flatMap((m) => (m.providerId ? [m.providerId] : [])))];
  const found = ids.length ? await db.llmProvider.findMany({ where: { workspaceId: scope.workspace.id, id: { in: ids } }, select: { id: true } }) : [];
  const known = new Set(found.map((p) => p.id));
  return models.flatMap((m, i): FieldIssue[] => {
    if (m.providerId) return known.has(m.providerId) ? [] : [{ path: `models.${i}.providerId`, message: "No such LLM provider in this workspace" }];
    if (catalogVendor(m.model)) return [];
    return [{ path: `models.${i}.model`, message: "Not a model of the catalog (GET /v1/models): name a provider to use other models" }];
  });
}

const originsOf = (list: string[]) => [...new Set(list.map((o) => normalizeOrigin(o)!))];

/** The columns a create or an update writes (only the fields given). */
export function agentData(input: Settings | UpdateAgentBody): Prisma.AgentUncheckedUpdateInput {
  const data: Prisma.AgentUncheckedUpdateInput = {};
  if ("slug" in input && input.slug !== undefined) data.slug = input.slug;
  if (input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description || null;
  if (input.endpointUrl !== undefined) data.endpointUrl = input.endpointUrl;
  if (input.systemPrompt !== undefined) data.systemPrompt = input.systemPrompt;
  if (input.models !== undefined) data.models = asJson(input.models.map((m) => ({ ...m, providerId: m.providerId ?? null })));
  if (input.requiredTools !== undefined) data.requiredTools = input.requiredTools;
  if (input.identityProvider !== undefined) {
    const idp = input.identityProvider;
    Object.assign(data, {
      jwksUrl: idp?.jwksUrl ?? null,
      issuer: idp?.issuer ?? null,
      audiences: idp?.audiences ?? [],
      algorithms: idp ? [...new Set(idp.algorithms)] : [],
      userClaim: idp?.userClaim ?? "sub",
    });
  }
  if (input.allowedOrigins !== undefined) data.allowedOrigins = originsOf(input.allowedOrigins);
  if (input.runBudget !== undefined) data.runBudget = input.runBudget === null ? null : BigInt(input.runBudget);
  if (input.tokensPerMinute !== undefined) data.tokensPerMinute = input.tokensPerMinute;
  if (input.endUserTokensPerMinute !== undefined) data.endUserTokensPerMinute = input.endUserTokensPerMinute;
  return data;
}
