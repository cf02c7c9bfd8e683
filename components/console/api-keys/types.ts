import type { z } from "zod";
import type { createdTokenResponse, tokenResponse } from "@/lib/schemas/tokens";

export type ApiKey = z.infer<typeof tokenResponse>;
export type CreatedApiKey = z.infer<typeof createdTokenResponse>;
export type ApiKeyPage = { data: ApiKey[]; nextCursor: string | null };

export function keyStatus(k: ApiKey, now = Date.now()): "active" | "revoked" | "expired" {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= now) return "expired";
  return "active";
}
