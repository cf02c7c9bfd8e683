import { ApiError, type FieldIssue } from "@/lib/core/errors";
import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CreateToolPolicyBody, UpdateToolPolicyBody } from "@/lib/schemas/tools";
import { patternProblem } from "../match";

// What the schema cannot check of a binding: its agent is one of this project (by id or slug),
// and its path pattern compiles. Every problem is reported at once.

/** The agent's id, and the pattern checked; throws 422 with the fields named. */
export async function checkPolicySettings(scope: TenantRef, input: Partial<CreateToolPolicyBody>): Promise<{ agentId?: string }> {
  const issues: FieldIssue[] = [];
  let agentId: string | undefined;
  if (input.agentId !== undefined) {
    const key = input.agentId.startsWith("agt_") ? { id: input.agentId } : { slug: input.agentId };
    const agent = await db.agent.findFirst({ where: { ...key, ...tenantWhere(scope) }, select: { id: true } });
    if (agent) agentId = agent.id;
    else issues.push({ path: "agentId", message: "No such agent in this project" });
  }
  const why = input.pathPattern ? patternProblem(input.pathPattern) : null;
  if (why) issues.push({ path: "pathPattern", message: `Not a valid path pattern: ${why}` });
  if (issues.length) throw new ApiError("invalid_request", "The request is invalid", { details: issues });
  return { agentId };
}

/** The columns an update writes (only the fields given). */
export function policyData(input: UpdateToolPolicyBody): Prisma.ToolPolicyUncheckedUpdateInput {
  const data: Prisma.ToolPolicyUncheckedUpdateInput = {};
  for (const key of ["effect", "method", "pathPattern", "endUserId", "callsPerMinute", "endUserCallsPerMinute"] as const) if (input[key] !== undefined) Object.assign(data, { [key]: input[key] });
  if (input.description !== undefined) data.description = input.description || null;
  return data;
}
