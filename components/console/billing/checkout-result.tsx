"use client";
import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { useConsole } from "../console-context";
import { BalanceCards } from "./balance-cards";
import { formatCredits } from "./format";

const POLL_MS = 2_000;
const MAX_POLLS = 60;

/**
 * After Stripe's redirect: the credits arrive with Stripe's webhook, usually within seconds.
 * Until our session row says completed, re-render the server page every two seconds.
 */
export function CheckoutResult({ status, packName, credits }: { status: "open" | "completed" | "unknown"; packName: string | null; credits: number | null }) {
  const { workspace } = useConsole();
  const router = useRouter();
  const queryClient = useQueryClient();
  const done = status === "completed";

  useEffect(() => {
    if (done) {
      void queryClient.invalidateQueries({ queryKey: ["billing-balance", workspace.slug] });
      return;
    }
    if (status === "unknown") return;
    let polls = 0;
    const timer = setInterval(() => (++polls > MAX_POLLS ? clearInterval(timer) : router.refresh()), POLL_MS);
    return () => clearInterval(timer);
  }, [done, status, router, queryClient, workspace.slug]);

  return (
    <div className="grid gap-6">
      <div className="flex items-start gap-3 rounded-lg border bg-card p-5" data-testid="checkout-result">
        {done ? <CheckCircle2 className="mt-0.5 size-5 text-success" aria-hidden /> : <Loader2 className="mt-0.5 size-5 animate-spin text-muted-foreground" aria-hidden />}
        <div>
          <p className="font-medium">{done ? "Credits added" : status === "unknown" ? "Payment submitted" : "Payment received — adding your credits…"}</p>
          <p className="mt-1 text-sm text-muted-foreground">
            {done && credits !== null
              ? `${formatCredits(credits)} from the ${packName ?? ""} pack are in your balance.`
              : status === "unknown"
                ? "We could not find this checkout in this workspace. If you paid, the credits appear in the ledger once Stripe confirms the payment."
                : "Stripe confirms the payment to us in the background; this page updates by itself."}
          </p>
        </div>
      </div>
      <BalanceCards />
      <div>
        <Button asChild variant="outline">
          <Link href={`/w/${workspace.slug}/billing`}>Back to billing</Link>
        </Button>
      </div>
    </div>
  );
}
