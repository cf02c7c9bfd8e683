import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DomainPolicies } from "@/components/console/domains/domain-policies";
import { DomainsList } from "@/components/console/domains/domains-list";
import { PageHeader } from "@/components/console/page-header";
import { listDomains } from "@/lib/domains/list-domains";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

export const metadata: Metadata = { title: "Domains" };

export default async function DomainsPage({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { workspace, can } = await loadWorkspace(slug);
  if (!can("domain.read")) notFound();
  const domains = await listDomains(workspace.id, { limit: 200 });
  const verified = domains.data.filter((d) => d.verified).length;
  return (
    <>
      <PageHeader title="Domains" description="Prove you own your company's email domains, then decide who may join this workspace." />
      <div className="grid gap-8">
        <DomainsList initial={domains} />
        <DomainPolicies key={`${workspace.restrictToVerifiedDomains}-${workspace.autoJoinVerifiedDomains}-${verified}`} verifiedCount={verified} />
      </div>
    </>
  );
}
