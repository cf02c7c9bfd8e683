import { z } from "zod";

// Nothing to choose today: an export holds everything the workspace (or account) owns, secrets
// excepted. A strict empty object, so a misspelt option is a 422 rather than silently ignored.
export const startExportBody = z.strictObject({});

const manifestEntry = z.object({ file: z.string(), rows: z.number().int(), bytes: z.number().int(), sha256: z.string() });

export const dataExportResponse = z.object({
  id: z.string(),
  kind: z.enum(["workspace", "account"]),
  status: z.enum(["queued", "running", "succeeded", "failed", "expired"]),
  /** 0-100. */
  progress: z.number().int(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** When the archive is deleted and the link stops working. */
  expiresAt: z.iso.datetime().nullable(),
  sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  /** Per resource: its file in the archive, row count, size and SHA-256 (succeeded exports). */
  resources: z.record(z.string(), manifestEntry).nullable(),
  /** A signed link, valid until expiresAt; no credentials needed to follow it. */
  downloadUrl: z.string().nullable(),
  error: z.string().nullable(),
});
export type DataExportDto = z.infer<typeof dataExportResponse>;

export const exportIdParams = z.object({ id: z.string().meta({ description: "Export id (`exp_…`)" }) });
// Optional in the schema so a missing token answers like a wrong one (404), not a 422.
export const downloadQuery = z.object({ token: z.string().optional().meta({ description: "The signed token of the export's downloadUrl" }) });
