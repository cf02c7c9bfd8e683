import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LAST_WORKSPACE_COOKIE } from "@/components/console/last-workspace";
import { getCurrentUser } from "@/lib/auth/current-user";
import { lastProjectIdOf, lastWorkspaceIdOf } from "@/lib/projects/last-project";
import { listVisibleProjects } from "@/lib/projects/list-visible";
import { listWorkspacesForUser } from "@/lib/workspaces/list-for-user";

// `/` only routes: sign-in, first-run onboarding, or where the user last worked: the workspace
// of this browser's cookie, else the one last used on any device, else the newest; within it,
// the contents of the project last worked in, else the workspace's overview.
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect("/auth/sign-in");
  const { data: workspaces } = await listWorkspacesForUser(user.id, { limit: 200 });
  if (workspaces.length === 0) redirect("/onboarding");
  const cookie = (await cookies()).get(LAST_WORKSPACE_COOKIE)?.value;
  const lastId = cookie ? null : await lastWorkspaceIdOf(user.id);
  const target = workspaces.find((w) => w.slug === cookie) ?? workspaces.find((w) => w.id === lastId) ?? workspaces[workspaces.length - 1];
  const projectId = await lastProjectIdOf(user.id, target.id);
  if (projectId) {
    const viewer = { userId: user.id, workspaceId: target.id, workspaceRole: target.role };
    const project = (await listVisibleProjects(viewer, { limit: 200 })).data.find((p) => p.id === projectId);
    if (project) redirect(`/w/${target.slug}/projects/${project.slug}/workflows`);
  }
  redirect(`/w/${target.slug}`);
}
