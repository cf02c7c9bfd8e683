import { z } from "zod";
import { WORKSPACE_ROLES } from "@/lib/core/scope";

export const ASSIGNABLE_ROLES = ["tenant_admin", "member"] as const;

export const updateMemberBody = z.strictObject({
  role: z.enum(ASSIGNABLE_ROLES, {
    error: "role must be tenant_admin or member (ownership moves only through POST /v1/workspaces/current/transfer)",
  }),
});

export const memberResponse = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  image: z.string().nullable(),
  role: z.enum(WORKSPACE_ROLES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type MemberDto = z.infer<typeof memberResponse>;
