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
