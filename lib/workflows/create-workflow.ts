import { type ActingScope, tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CreateWorkflowBody, WorkflowDto } from "@/lib/schemas/workflows";
import { actorUserId } from "@/lib/audit/record";
import { auditView, presentWorkflow } from "./present";
import { refuseUnsupportedRegexes } from "./refuse-unsupported-regexes";
import { defaultGraph } from "./templates";
import { findStarterTemplate } from "./starter-templates";
import { parseDraft } from "./parse-draft";
import { validateDraft } from "./validate-graph";

const slugTaken = () => new ApiError("conflict", "A workflow with this slug already exists in this project", { details: [{ path: "slug", message: "Already taken" }] });
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";

/** "Send Weekly Report!" → "send-weekly-report"; too short for a slug → "workflow". */
function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 56)
    .replace(/-+$/, "");
  return base.length >= 2 ? base : "workflow";
}

/** The first of base, base-2, base-3… that no workflow of the project uses. */
async function freeSlug(projectId: string, base: string): Promise<string> {
  const used = new Set((await db.workflow.findMany({ where: { projectId, slug: { startsWith: base } }, select: { slug: true } })).map((w) => w.slug));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Creates a workflow whose draft is the given graph, a starter template's, or trigger → output; issues do not block saving. */
export async function createWorkflow(scope: ActingScope, body: CreateWorkflowBody): Promise<WorkflowDto> {
  const ids = tenantWhere(scope);
  const template = body.templateId === undefined ? undefined : findStarterTemplate(body.templateId);
  if (body.templateId !== undefined && !template) {
    throw new ApiError("invalid_request", "Unknown template", { details: [{ path: "templateId", message: "No such template (see GET /v1/workflow-templates)" }] });
  }
  const graph = body.graph ?? (template ? structuredClone(template.graph) : defaultGraph());
  const description = body.description ?? template?.description;
  const { graph: parsed, unfinished } = parseDraft(graph);
  refuseUnsupportedRegexes(parsed, unfinished);
  const { issues } = await validateDraft(graph, scope);
  // A derived slug that loses a race to a concurrent create is retried once with the next free one.
  for (let attempt = 0; ; attempt++) {
    const slug = body.slug ?? (await freeSlug(ids.projectId, slugify(body.name)));
    try {
      return await db.$transaction(async (tx) => {
        const row = await tx.workflow.create({
          data: {
            id: newId("workflow"),
            ...ids,
            slug,
            name: body.name,
            description: description || null,
            draft: graph as Prisma.InputJsonObject,
            createdById: actorUserId(scope.actor),
          },
        });
        await recordScopedAudit(scope, { action: "workflow.created", target: { type: "workflow", id: row.id }, after: auditView(row) }, tx);
        return presentWorkflow(row, parsed, issues);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (body.slug || attempt >= 2) throw slugTaken();
    }
  }
}
