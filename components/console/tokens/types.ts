import type { z } from "zod";
import type { createdTokenResponse, tokenResponse } from "@/lib/schemas/tokens";

export type Token = z.infer<typeof tokenResponse>;
export type CreatedToken = z.infer<typeof createdTokenResponse>;
export type TokenPage = { data: Token[]; nextCursor: string | null };

export function tokenStatus(t: Token, now = Date.now()): "active" | "revoked" | "expired" {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return "expired";
  return "active";
}
