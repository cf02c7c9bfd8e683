"use client";
import { AlertTriangle } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useConsole } from "../console-context";
import { formatCredits } from "./format";
import { useBalance } from "./use-balance";

/**
 * Across the console, for those who may see billing: a warning when available credits fall
 * below BILLING_LOW_BALANCE (the threshold comes from the server layout).
 */
export function LowBalanceBanner({ threshold }: { threshold: number }) {
  const { workspace } = useConsole();
  const pathname = usePathname();
  const balance = useBalance();
  if (!balance.data || balance.data.available >= threshold) return null;
  const empty = balance.data.available <= 0;
  const onBilling = pathname.startsWith(`/w/${workspace.slug}/billing`);
  return (
    <div role="status" data-testid="low-balance-banner" className="mb-6 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-warning/50 bg-warning/10 px-4 py-2.5 text-sm">
      <AlertTriangle className="size-4 shrink-0 text-warning" aria-hidden />
      <span className="flex-1">
        {empty ? "This workspace is out of credits: new runs are refused until you buy more." : `Credits are running low: ${formatCredits(balance.data.available)} available.`}
      </span>
      {!onBilling && (
        <Link href={`/w/${workspace.slug}/billing`} className="font-medium underline underline-offset-4">
          Buy credits
        </Link>
      )}
    </div>
  );
}
