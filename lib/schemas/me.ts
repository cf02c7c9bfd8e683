import { z } from "zod";
import { WORKSPACE_ROLES } from "@/lib/core/scope";
import { projectRef, timestamp, workspaceRef } from "./common";

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    emailVerified: z.boolean(),
  }),
  /** With a token: only the token's own workspace. */
  workspaces: z.array(workspaceRef.extend({ role: z.enum(WORKSPACE_ROLES) })),
  /** Present when the caller authenticated with a token. */
  token: z
    .object({
      id: z.string(),
      name: z.string(),
      scopes: z.array(z.string()),
      workspace: workspaceRef,
      project: projectRef.nullable(),
      expiresAt: timestamp.nullable(),
    })
    .nullable(),
});

/** DELETE /v1/me, GET /v1/me/deletion, POST /v1/me/deletion/cancel. */
export const accountDeletion = z.object({
  status: z.enum(["scheduled", "none"]),
  requestedAt: z.iso.datetime().nullable(),
  scheduledFor: z.iso.datetime().nullable(),
  secondsLeft: z.number().int(),
});
export type AccountDeletionDto = z.infer<typeof accountDeletion>;

/** GET /v1/me/deletion-certificates: one completed workspace deletion. */
export const deletionCertificate = z.object({
  id: z.string(),
  workspace: z.object({ id: z.string(), slug: z.string() }),
  completedAt: z.iso.datetime(),
  certificate: z.string().describe("Compact JWS (EdDSA) signed with the platform key; verify against /.well-known/agentruntime-keys.json"),
});
export type DeletionCertificateDto = z.infer<typeof deletionCertificate>;
