import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ConnectionsList } from "@/components/console/connections/connections-list";
import type { OAuthAvailability } from "@/components/console/connections/oauth";
import { PageHeader } from "@/components/console/page-header";
import { listConnections } from "@/lib/connections/list-connections";
import { providerDef } from "@/lib/connections/oauth/providers";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { cn } from "@/lib/utils";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Connections" };

type Props = { params: Promise<{ workspace: string; project: string }> };

// Whether the server has OAuth client credentials; the picker disables a provider that has none.
function oauthAvailability(): OAuthAvailability {
  const one = (id: "google" | "linkedin") => {
    const def = providerDef(id);
    return { configured: !!def.clientId(), scopes: def.catalog.map((s) => ({ key: s.key, label: s.label })) };
  };
  return { google: one("google"), linkedin: one("linkedin") };
}

export default async function ConnectionsPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can, scope } = await loadProject(wsSlug, projectSlug);
  if (!can("connection.read", project.role)) notFound();
  const [initial, projects] = await Promise.all([
    listConnections({ workspace, project }, { limit: 200 }),
    listVisibleProjects(viewerOf(scope), { limit: 200 }),
  ]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects/${project.slug}`} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="text-foreground">Connections</span>
      </nav>
      <PageHeader title="Connections" description="Credentials this project's agents use to reach external services. Secrets are encrypted and never shown after saving." />
      {projects.data.length > 1 && (
        <nav aria-label="Project" className="mb-4 flex flex-wrap gap-1">
          {projects.data.map((p) => (
            <Link
              key={p.id}
              href={`/w/${workspace.slug}/projects/${p.slug}/connections`}
              aria-current={p.id === project.id ? "page" : undefined}
              className={cn("rounded-md px-2.5 py-1 text-sm", p.id === project.id ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground")}
            >
              {p.name}
            </Link>
          ))}
        </nav>
      )}
      <Suspense>
        <ConnectionsList project={project.slug} initial={initial} canManage={can("connection.manage", project.role)} availability={oauthAvailability()} />
      </Suspense>
    </>
  );
}
