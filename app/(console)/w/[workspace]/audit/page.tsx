import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AuditLog } from "@/components/console/audit/audit-log";
import { PageHeader } from "@/components/console/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { listMembers } from "@/lib/members/list-members";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { workspace, can } = await loadWorkspace(slug);
  if (!can("audit.read")) notFound();
  const members = await listMembers(workspace.id, { limit: 200 });
  return (
    <>
      <PageHeader title="Audit log" description="An append-only record of who did what, when and from where. Click an entry for its before/after." />
      <Suspense fallback={<TableSkeleton rows={8} />}>
        <AuditLog members={members.data} />
      </Suspense>
    </>
  );
}
