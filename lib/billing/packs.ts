import { z } from "zod";

// Credit packs sold through Stripe Checkout. Prices are whole US cents, credits are usd_micros
// (1 cent = 10,000 usd_micros); both are integers. BILLING_CREDIT_PACKS (JSON) replaces the
// default list, e.g. [{"id":"starter","name":"Starter","priceCents":1000,"credits":10000000}].

export type CreditPack = { id: string; name: string; priceCents: number; credits: bigint; description: string };

const packSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "lowercase letters, digits, - and _ (max 32)"),
  name: z.string().min(1).max(60),
  priceCents: z.number().int().min(50).max(100_000_000),
  // JSON numbers lose precision past 2^53; credits stay far below that.
  credits: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  description: z.string().max(200).optional(),
});

export const DEFAULT_PACKS: CreditPack[] = [
  { id: "starter", name: "Starter", priceCents: 1_000, credits: 10_000_000n, description: "$10 of usage: a few thousand LLM steps" },
  { id: "team", name: "Team", priceCents: 5_000, credits: 50_000_000n, description: "$50 of usage for a team's daily workflows" },
  { id: "scale", name: "Scale", priceCents: 20_000, credits: 200_000_000n, description: "$200 of usage for production traffic" },
];

let cached: { raw: string | undefined; packs: CreditPack[] } | null = null;

/** The packs on sale, from BILLING_CREDIT_PACKS or the defaults. A malformed value is a startup-class error. */
export function creditPacks(): CreditPack[] {
  const raw = process.env.BILLING_CREDIT_PACKS?.trim() || undefined;
  if (cached && cached.raw === raw) return cached.packs;
  let packs = DEFAULT_PACKS;
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error("BILLING_CREDIT_PACKS must be a JSON array of packs");
    }
    const result = z.array(packSchema).min(1).max(20).safeParse(parsed);
    if (!result.success) throw new Error(`BILLING_CREDIT_PACKS is invalid: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    if (new Set(result.data.map((p) => p.id)).size !== result.data.length) throw new Error("BILLING_CREDIT_PACKS has duplicate ids");
    packs = result.data.map((p) => ({ ...p, credits: BigInt(p.credits), description: p.description ?? "" }));
  }
  cached = { raw, packs };
  return packs;
}

export function findPack(id: string): CreditPack | null {
  return creditPacks().find((p) => p.id === id) ?? null;
}
