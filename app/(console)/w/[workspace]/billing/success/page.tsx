import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CheckoutResult } from "@/components/console/billing/checkout-result";
import { PageHeader } from "@/components/console/page-header";
import { getCheckoutSession } from "@/lib/billing/get-checkout-session";
import { loadWorkspace } from "../../../../_lib/load-workspace";

export const metadata: Metadata = { title: "Payment received" };

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ session_id?: string | string[] }> };

export default async function CheckoutSuccessPage({ params, searchParams }: Props) {
  const { workspace: slug } = await params;
  const { workspace, can } = await loadWorkspace(slug);
  if (!can("billing.read")) notFound();
  const raw = (await searchParams).session_id;
  const session = typeof raw === "string" ? await getCheckoutSession(workspace.id, raw) : null;
  return (
    <>
      <PageHeader title="Thank you" description="Your payment went through Stripe Checkout." />
      <CheckoutResult status={session?.status ?? "unknown"} packName={session?.packName ?? null} credits={session?.credits ?? null} />
    </>
  );
}
