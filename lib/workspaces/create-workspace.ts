import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import { consume, limit } from "@/lib/rate-limit/limiter";
import type { CreateWorkspaceInput } from "@/lib/schemas/workspaces";
import type { ProjectDto } from "@/lib/schemas/projects";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";
import { presentProject } from "@/lib/projects/present";
import { grantFreeCredits } from "@/lib/billing/grant-free-credits";
import { presentWorkspace, workspaceAuditView } from "./present";
import type { Caller } from "@/lib/core/scope";

const DEFAULT_PROJECT = { slug: "default", name: "Default" } as const;

// Workspaces are cheap to create and each one is a tenant: cap the pace per user.
const CREATE_LIMIT = limit("workspace-create", 10, 3600);

const slugTaken = () =>
  new ApiError("conflict", "This workspace slug is already taken", { details: [{ path: "slug", message: "Already taken" }] });

/** A new workspace owned by the caller, with its default project, in one transaction. */
export async function createWorkspace(caller: Caller, input: CreateWorkspaceInput): Promise<{ workspace: WorkspaceDto; project: ProjectDto }> {
  await consume(CREATE_LIMIT, caller.principal.userId);
  if (await db.workspace.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw slugTaken();
  try {
    return await db.$transaction(async (tx) => {
      const workspace = await tx.workspace.create({ data: { id: newId("workspace"), slug: input.slug, name: input.name } });
      await tx.workspaceMember.create({ data: { workspaceId: workspace.id, userId: caller.principal.userId, role: "owner" } });
      const project = await tx.project.create({
        data: { id: newId("project"), workspaceId: workspace.id, slug: DEFAULT_PROJECT.slug, name: DEFAULT_PROJECT.name, isDefault: true },
      });
      await grantFreeCredits(tx, workspace.id);
      const request = caller.meta ?? null;
      await recordAudit(
        {
          workspaceId: workspace.id,
          actor: caller.actor,
          action: "workspace.create",
          target: { type: "workspace", id: workspace.id },
          after: { slug: workspace.slug, ...workspaceAuditView(workspace), owner: caller.principal.userId },
          request,
        },
        tx,
      );
      await recordAudit(
        {
          workspaceId: workspace.id,
          projectId: project.id,
          actor: caller.actor,
          action: "project.create",
          target: { type: "project", id: project.id },
          after: { slug: project.slug, name: project.name, isDefault: true },
          request,
        },
        tx,
      );
      return { workspace: presentWorkspace(workspace, "owner"), project: presentProject(project, "project_admin") };
    });
  } catch (err) {
    // Two concurrent requests for the same slug: the unique index decides.
    if ((err as { code?: string }).code === "P2002") throw slugTaken();
    throw err;
  }
}
