"use client";
import { useMutation } from "@tanstack/react-query";
import { CreditCard } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/client/api";
import type { CreditPackResponse } from "@/lib/schemas/billing";
import { useWorkspaceApi } from "../console-context";
import { formatCents, formatCredits } from "./format";

/** Pack cards; Buy (owner only) starts a Stripe Checkout and sends the browser to it. */
export function BuyCredits({ packs, canBuy, configured }: { packs: CreditPackResponse[]; canBuy: boolean; configured: boolean }) {
  const call = useWorkspaceApi();
  const [pending, setPending] = useState<string | null>(null);
  const checkout = useMutation({
    mutationFn: (packId: string) => call<{ id: string; url: string }>("/v1/billing/checkout", { method: "POST", body: { packId } }),
    onMutate: (packId) => setPending(packId),
    onSuccess: (res) => window.location.assign(res.url),
    onError: () => setPending(null),
  });

  return (
    <div className="grid gap-3">
      {!configured && <Alert>Payments are not configured on this server (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET). New workspaces still receive their free grant, and runs are charged against it.</Alert>}
      {configured && !canBuy && <p className="text-sm text-muted-foreground">Only the workspace owner can buy credits.</p>}
      {checkout.isError && <Alert variant="destructive">{errorMessage(checkout.error)}</Alert>}
      <div className="grid gap-3 sm:grid-cols-3">
        {packs.map((p) => (
          <div key={p.id} className="flex flex-col rounded-lg border bg-card p-4" data-testid={`pack-${p.id}`}>
            <div className="flex items-baseline justify-between gap-2">
              <h3 className="font-semibold">{p.name}</h3>
              <span className="text-lg font-semibold tabular-nums">{formatCents(p.priceCents)}</span>
            </div>
            <p className="mt-1 text-sm text-muted-foreground">{formatCredits(p.credits)} in credits</p>
            {p.description && <p className="mt-2 flex-1 text-xs text-muted-foreground">{p.description}</p>}
            {canBuy && configured && (
              <Button className="mt-4" size="sm" disabled={pending !== null} onClick={() => checkout.mutate(p.id)} aria-label={`Buy ${p.name}`}>
                <CreditCard className="size-4" aria-hidden />
                {pending === p.id ? "Opening checkout…" : `Buy ${formatCents(p.priceCents)}`}
              </Button>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
