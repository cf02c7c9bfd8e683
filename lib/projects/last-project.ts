import { db } from "@/lib/db/client";

// The project a user last worked in, per workspace (table UserLastProject): the console's
// scope switcher and the redirects of project-scoped sidebar entries read it, so the choice
// follows the user across devices. Callers check visibility: a remembered project the user
// can no longer see is ignored.

/** Remembers `projectId` for the user in its workspace; the time is refreshed at most once a minute. */
export async function rememberLastProject(userId: string, workspaceId: string, projectId: string): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "UserLastProject" ("userId", "workspaceId", "projectId", "updatedAt")
    VALUES (${userId}, ${workspaceId}, ${projectId}, now())
    ON CONFLICT ("userId", "workspaceId") DO UPDATE SET "projectId" = EXCLUDED."projectId", "updatedAt" = EXCLUDED."updatedAt"
    WHERE "UserLastProject"."projectId" <> EXCLUDED."projectId" OR "UserLastProject"."updatedAt" < now() - interval '1 minute'`;
}

/** The id of the project the user last worked in within the workspace, if any. */
export async function lastProjectIdOf(userId: string, workspaceId: string): Promise<string | null> {
  const row = await db.userLastProject.findUnique({ where: { userId_workspaceId: { userId, workspaceId } }, select: { projectId: true } });
  return row?.projectId ?? null;
}

/** The workspace the user last worked in (its newest remembered project), if any. */
export async function lastWorkspaceIdOf(userId: string): Promise<string | null> {
  const row = await db.userLastProject.findFirst({ where: { userId }, orderBy: { updatedAt: "desc" }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}
