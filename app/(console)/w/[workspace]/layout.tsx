import type { Metadata } from "next";
import { ConsoleShell } from "@/components/console/console-shell";
import { LowBalanceBanner } from "@/components/console/billing/low-balance-banner";
import { DeletionBanner } from "@/components/console/lifecycle/deletion-banner";
import { pricing } from "@/lib/billing/pricing";
import { lastProjectIdOf } from "@/lib/projects/last-project";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { listSwitcherProjects } from "@/lib/projects/list-switcher-projects";
import { listWorkspacesForUser } from "@/lib/workspaces/list-for-user";
import { loadWorkspace } from "../../_lib/load-workspace";

export async function generateMetadata({ params }: { params: Promise<{ workspace: string }> }): Promise<Metadata> {
  const { workspace } = await params;
  return { title: { default: workspace, template: `%s · ${workspace} · AgentRuntime` } };
}

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { user, workspace, scope } = await loadWorkspace(slug);
  const [workspaces, projects, lastProjectId] = await Promise.all([
    listWorkspacesForUser(user.id, { limit: 100 }),
    listVisibleProjects(viewerOf(scope), { limit: 100 }),
    lastProjectIdOf(user.id, workspace.id),
  ]);
  const projectsByWorkspace = await listSwitcherProjects(user.id, workspaces.data);
  return (
    <ConsoleShell
      value={{
        user: { id: user.id, email: user.email, name: user.name ?? null, image: user.image ?? null },
        workspace,
        workspaces: workspaces.data,
        projects: projects.data,
        projectsByWorkspace,
        lastProjectSlug: projects.data.find((p) => p.id === lastProjectId)?.slug ?? null,
      }}
    >
      <DeletionBanner />
      <LowBalanceBanner threshold={Number(pricing().lowBalance)} />
      {children}
    </ConsoleShell>
  );
}
