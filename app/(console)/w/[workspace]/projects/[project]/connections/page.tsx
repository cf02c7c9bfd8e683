import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ConnectionsList } from "@/components/console/connections/connections-list";
import type { OAuthAvailability } from "@/components/console/connections/oauth";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { listConnections } from "@/lib/connections/list-connections";
import { providerDef } from "@/lib/connections/oauth/providers";
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
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("connection.read", project.role)) notFound();
  const initial = await listConnections({ workspace, project }, { limit: 200 });
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Connections" />
      <PageHeader title="Connections" description="Credentials this project's agents use to reach external services. Secrets are encrypted and never shown after saving." />
      <Suspense>
        <ConnectionsList project={project.slug} initial={initial} canManage={can("connection.manage", project.role)} availability={oauthAvailability()} />
      </Suspense>
    </>
  );
}
