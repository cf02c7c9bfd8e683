import { z } from "zod";
import { WORKSPACE_ROLES } from "@/lib/core/scope";
import { memberResponse } from "./members";
import { projectResponse } from "./projects";

// Slugs travel in the X-Tenant-Id header and in console URLs: lower-case, digits and inner hyphens.
const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Must be at least 3 characters")
  .max(48, "Must be at most 48 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and hyphens (not at the start or end)");

const displayName = z.string().trim().min(1, "Required").max(100, "Must be at most 100 characters");

export const createWorkspaceBody = z.strictObject({ slug: slugSchema, name: displayName });
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceBody>;

/** The most runs a workspace may set to execute at once. */
export const MAX_CONCURRENT_RUNS = 1000;

// The slug is the tenant id every client sends; it is deliberately not editable.
export const updateWorkspaceBody = z
  .strictObject({
    name: displayName.optional(),
    restrictToVerifiedDomains: z.boolean().optional(),
    autoJoinVerifiedDomains: z.boolean().optional(),
    maxConcurrentRuns: z
      .int("Must be a whole number")
      .min(1, "Must be at least 1")
      .max(MAX_CONCURRENT_RUNS, `Must be at most ${MAX_CONCURRENT_RUNS}`)
      .optional()
      .describe("Runs of the workspace executing at once; more wait queued"),
    /** Days audit entries are kept: 30, 90 or 365; null = unlimited (self-hosted, AUDIT_RETENTION_UNLIMITED=1). */
    auditRetentionDays: z.union([z.literal(30), z.literal(90), z.literal(365), z.null()]).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "Nothing to update" });
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceBody>;

export const workspaceResponse = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  restrictToVerifiedDomains: z.boolean(),
  autoJoinVerifiedDomains: z.boolean(),
  maxConcurrentRuns: z.int().describe("Runs of the workspace executing at once; more wait queued"),
  auditRetentionDays: z.number().int().nullable().describe("Audit entries older than this are deleted daily; null = unlimited"),
  pendingDeletionUntil: z.iso.datetime().nullable().describe("Set while a deletion is pending: when the workspace will be deleted"),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WorkspaceDto = z.infer<typeof workspaceResponse>;

export const createWorkspaceResponse = z.object({ workspace: workspaceResponse, project: projectResponse });

export const transferOwnershipBody = z.strictObject({ userId: z.string().trim().min(1, "Required").max(64) });
export const transferOwnershipResponse = z.object({ owner: memberResponse, previousOwner: memberResponse });

export const workspaceDeletionResponse = z.object({
  id: z.string(),
  status: z.enum(["scheduled", "purging", "completed", "canceled"]),
  requestedAt: z.iso.datetime(),
  scheduledFor: z.iso.datetime(),
  secondsLeft: z.number().int(),
  canceledAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
});
