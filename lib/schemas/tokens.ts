import { z } from "zod";
import { SCOPES } from "@/lib/authz/permissions";
import { pageQuery } from "@/lib/core/pagination";
import { projectRef, timestamp } from "./common";

export const MAX_TOKEN_DAYS = 366;

const tokenScope = z.enum(SCOPES);

// Strict: a body carrying workspaceId, userId, kind or __proto__ is refused (422) rather
// than silently trusted — the workspace and owner always come from the credential.
export const createTokenBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(tokenScope)
      .min(1)
      .max(SCOPES.length)
      .transform((s) => [...new Set(s)]),
    projectId: z.string().trim().min(1).max(64).optional().describe("Project id or slug the token is restricted to"),
    expiresInDays: z.int().min(1).max(MAX_TOKEN_DAYS).optional(),
    expiresAt: timestamp.optional().describe("Absolute expiry (at most 366 days ahead); exclusive with expiresInDays"),
  })
  .refine((b) => !(b.expiresInDays !== undefined && b.expiresAt !== undefined), {
    message: "Give either expiresInDays or expiresAt, not both",
    path: ["expiresAt"],
  });
export type CreateTokenBody = z.infer<typeof createTokenBody>;

export const listTokensQuery = pageQuery.extend({
  /** Admins (member.update) may list another member's tokens. */
  userId: z.string().min(1).max(64).optional(),
  status: z.enum(["active", "all"]).default("all"),
});
export type ListTokensQuery = z.infer<typeof listTokensQuery>;

export const tokenResponse = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the value, for recognition only"),
  scopes: z.array(z.string()),
  userId: z.string(),
  project: projectRef.nullable(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});

/** Create and rotate: the only responses that ever carry the value. */
export const createdTokenResponse = tokenResponse.extend({
  token: z.string().describe("The token value (`ar_pat_…`). Shown once; store it now."),
});
