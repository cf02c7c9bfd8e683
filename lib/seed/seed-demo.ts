import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { SCOPES } from "@/lib/authz/permissions";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { newId } from "@/lib/core/ids";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createProject } from "@/lib/projects/create-project";
import { lastProjectIdOf, rememberLastProject } from "@/lib/projects/last-project";
import { consoleCaller } from "@/lib/access/principal";
import { issueToken } from "@/lib/tokens/issue-token";
import { recordAudit } from "@/lib/audit/record";
import { seedHelloWorkflow } from "@/lib/workflows/seed-hello";
import { grantFreeCredits } from "@/lib/billing/grant-free-credits";

export const DEMO = { email: "demo@agentruntime.local", name: "Demo User", workspace: "demo", project: "dev" } as const;

type SeedResult = { email: string; password: string; workspace: string; project: string; token: string; createdUser: boolean };

/**
 * Idempotent demo data: one verified user, workspace `demo` with project `dev`, and a new
 * token with every scope on each run. `knownPassword` is the password printed by an earlier
 * run; when it still verifies it is kept, otherwise a new one is set and returned.
 */
export async function seedDemo(knownPassword?: string | null): Promise<SeedResult> {
  let user = await db.user.findUnique({ where: { email: DEMO.email } });
  let password = knownPassword ?? "";
  const createdUser = !user;
  if (!user) {
    password = randomPassword();
    user = await db.user.create({
      data: { id: newId("user"), email: DEMO.email, name: DEMO.name, emailVerified: new Date(), passwordHash: await hashPassword(password) },
    });
  } else if (!password || !user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    password = randomPassword();
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password), emailVerified: user.emailVerified ?? new Date() } });
  }

  const caller = consoleCaller(user.id);
  let workspace = await db.workspace.findUnique({ where: { slug: DEMO.workspace } });
  if (!workspace) {
    await createWorkspace(caller, { slug: DEMO.workspace, name: "Demo" });
    workspace = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
  }
  const membership = await db.workspaceMember.findUnique({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } } });
  if (membership?.role !== "owner") {
    throw new Error(`workspace "${DEMO.workspace}" exists and ${DEMO.email} is not its owner; refusing to change it`);
  }
  const scope = { ...caller, workspace, workspaceRole: "owner" as const };
  if (!(await db.project.findFirst({ where: { workspaceId: workspace.id, slug: DEMO.project } }))) {
    await createProject(scope, { slug: DEMO.project, name: "Development" });
  }
  const project = await db.project.findFirstOrThrow({ where: { workspaceId: workspace.id, slug: DEMO.project } });
  await seedHelloWorkflow({ workspace, project, actor: caller.actor });
  // The demo user opens on `dev`, where `hello` and its runs are (not the empty default project),
  // until they choose another project.
  if (!(await lastProjectIdOf(user.id, workspace.id))) await rememberLastProject(user.id, workspace.id, project.id);
  // A demo workspace from before billing existed never got its free grant; keyed by workspace, so at most once.
  await db.$transaction((tx) => grantFreeCredits(tx, workspace.id));

  const { token, row } = await issueToken({ userId: user.id, workspaceId: workspace.id, name: `seed ${new Date().toISOString()}`, scopes: [...SCOPES] });
  await recordAudit({ workspaceId: workspace.id, actor: caller.actor, action: "token.create", target: { type: "token", id: row.id }, after: { name: row.name, scopes: row.scopes, source: "seed" } });
  return { email: DEMO.email, password, workspace: DEMO.workspace, project: DEMO.project, token, createdUser };
}

function randomPassword(): string {
  return `demo-${randomBytes(12).toString("base64url")}`;
}
