"use client";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/client/api";
import { formatCreditsExact } from "./format";
import { useBalance } from "./use-balance";

function Tile({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <div className="rounded-lg border bg-card px-4 py-3">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
      <p className="mt-1 text-xs text-muted-foreground">{hint}</p>
    </div>
  );
}

/** Balance (sum of the ledger), held by running runs, and what new runs can use. */
export function BalanceCards() {
  const balance = useBalance();
  if (balance.isError) return <Alert variant="destructive">{errorMessage(balance.error)}</Alert>;
  if (!balance.data) return <Skeleton className="h-24 w-full" />;
  const b = balance.data;
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <Tile label="Balance" value={formatCreditsExact(b.balance)} hint="Purchases and grants minus usage and refunds" testId="billing-balance" />
      <Tile label="Held by running runs" value={formatCreditsExact(b.held)} hint="Reserved up to each run's budget; the unspent part returns" testId="billing-held" />
      <Tile label="Available" value={formatCreditsExact(b.available)} hint="What new runs can reserve" testId="billing-available" />
    </div>
  );
}
