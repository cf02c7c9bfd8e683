import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/console/page-header";
import { Button } from "@/components/ui/button";
import { loadWorkspace, type WorkspacePageProps } from "../../../../_lib/load-workspace";

export const metadata: Metadata = { title: "Checkout canceled" };

export default async function CheckoutCanceledPage({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { can } = await loadWorkspace(slug);
  if (!can("billing.read")) notFound();
  return (
    <>
      <PageHeader title="Checkout canceled" description="Nothing was charged and your balance is unchanged." />
      <Button asChild variant="outline">
        <Link href={`/w/${slug}/billing`}>Back to billing</Link>
      </Button>
    </>
  );
}
