import { z } from "zod";
import { PROJECT_ROLES, WORKSPACE_ROLES } from "@/lib/core/scope";
import { pageQuery } from "@/lib/core/pagination";
import { ASSIGNABLE_ROLES } from "./members";

const emailSchema = z.string().trim().toLowerCase().max(254, "Must be at most 254 characters").pipe(z.email("Must be an email address"));

const INVITATION_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const createInvitationBody = z
  .strictObject({
    email: emailSchema,
    role: z.enum(ASSIGNABLE_ROLES, { error: "role must be tenant_admin or member" }).default("member"),
    /** Optional project (id or slug) the invitee is granted on acceptance, with projectRole. */
    projectId: z.string().trim().min(1).max(64).optional(),
    projectRole: z.enum(PROJECT_ROLES, { error: `projectRole must be one of ${PROJECT_ROLES.join(", ")}` }).optional(),
    expiresInDays: z.number().int().min(1, "Must be at least 1").max(30, "Must be at most 30").default(7),
  })
  .superRefine((b, ctx) => {
    if ((b.projectId === undefined) !== (b.projectRole === undefined)) {
      ctx.addIssue({ code: "custom", path: [b.projectId === undefined ? "projectId" : "projectRole"], message: "projectId and projectRole go together" });
    }
  });
export type CreateInvitationInput = z.infer<typeof createInvitationBody>;

export const listInvitationsQuery = pageQuery.extend({ status: z.enum(INVITATION_STATUSES).optional() });
export type ListInvitationsQuery = z.infer<typeof listInvitationsQuery>;

export const acceptInvitationBody = z.strictObject({ token: z.string().trim().min(16, "Invalid invitation token").max(128, "Invalid invitation token") });

export const invitationResponse = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  projectId: z.string().nullable(),
  projectRole: z.enum(PROJECT_ROLES).nullable(),
  status: z.enum(INVITATION_STATUSES),
  invitedById: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type InvitationDto = z.infer<typeof invitationResponse>;

/** Only at creation: the link (it carries the token, which is never shown again). */
export const createdInvitationResponse = invitationResponse.extend({
  inviteUrl: z.url(),
  emailSent: z
    .boolean()
    .describe("true: the invitation email was handed to the mail queue for delivery; false: it could not be, and nobody was emailed — share inviteUrl yourself"),
});

export const acceptInvitationResponse = z.object({
  workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  role: z.enum(WORKSPACE_ROLES),
  projectId: z.string().nullable(),
});
