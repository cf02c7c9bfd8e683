import type { CreditPackResponse } from "@/lib/schemas/billing";
import { creditPacks } from "./packs";

/** The packs for the API and the console; `configured` says whether Buy can work at all. */
export function listCreditPacks(): { data: CreditPackResponse[]; configured: boolean } {
  return {
    data: creditPacks().map((p) => ({ id: p.id, name: p.name, description: p.description, priceCents: p.priceCents, currency: "usd", credits: Number(p.credits) })),
    configured: Boolean(process.env.STRIPE_SECRET_KEY?.trim() && process.env.STRIPE_WEBHOOK_SECRET?.trim()),
  };
}
