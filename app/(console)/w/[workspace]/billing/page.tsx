import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BalanceCards } from "@/components/console/billing/balance-cards";
import { BuyCredits } from "@/components/console/billing/buy-credits";
import { LedgerTable } from "@/components/console/billing/ledger-table";
import { UsageCharts } from "@/components/console/billing/usage-charts";
import { PageHeader, SectionHeader } from "@/components/console/page-header";
import { listCreditPacks } from "@/lib/billing/list-packs";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { can } = await loadWorkspace(slug);
  if (!can("billing.read")) notFound();
  const packs = listCreditPacks();
  return (
    <>
      <PageHeader title="Billing" description="Credits pay for runs: LLM tokens on the platform's keys, HTTP calls and steps. Amounts are exact to the millionth of a dollar." />
      <div className="grid gap-10">
        <section aria-label="Balance">
          <BalanceCards />
        </section>
        <section aria-label="Buy credits">
          <SectionHeader title="Buy credits" description="Paid through Stripe Checkout. Credits are added once Stripe confirms the payment." />
          <BuyCredits packs={packs.data} configured={packs.configured} canBuy={can("billing.manage")} />
        </section>
        <section aria-label="Usage">
          <SectionHeader title="Usage" description="What runs were charged, per day." />
          <UsageCharts />
        </section>
        <section aria-label="Ledger history">
          <SectionHeader title="Ledger" description="Every credit and debit, append-only, one row per run (expand it for its charges). The balance is their sum." />
          <LedgerTable />
        </section>
      </div>
    </>
  );
}
