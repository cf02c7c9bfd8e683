import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { timestamp } from "./common";

const filter = z.string().trim().min(1).max(200);

// Filters shared by the list and the export. `action` matches exactly, or by prefix when it
// ends with `*` (`token.*`).
const auditFilterShape = {
  action: filter.regex(/^[a-z0-9_.]+\*?$/, "Letters, digits, _ and . with an optional trailing *").optional(),
  actorId: filter.optional(),
  targetType: filter.optional(),
  targetId: filter.optional(),
  from: timestamp.optional().describe("Inclusive lower bound on createdAt"),
  to: timestamp.optional().describe("Inclusive upper bound on createdAt"),
};

const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || new Date(q.from) <= new Date(q.to);
const fromBeforeToError = { message: "from must not be after to", path: ["from"] };

export const auditFilters = z.object(auditFilterShape).refine(fromBeforeTo, fromBeforeToError);
export type AuditFilters = z.infer<typeof auditFilters>;

export const auditListQuery = pageQuery.extend(auditFilterShape).refine(fromBeforeTo, fromBeforeToError);
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEntryResponse = z.object({
  id: z.string(),
  createdAt: timestamp,
  action: z.string(),
  actor: z.object({
    type: z.enum(["user", "token", "system", "anonymous"]),
    id: z.string().nullable(),
    label: z.string().nullable(),
    name: z.string().nullable().describe("Who acted, for display: a user's name or email, a token's name"),
  }),
  projectId: z.string().nullable(),
  target: z
    .object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable().describe("The target's name; a deleted target keeps its last name") })
    .nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  coalesced: z
    .object({ count: z.number().int(), lastAt: timestamp })
    .nullable()
    .describe("Repeated saves within 10 minutes of this entry folded into it (autosave): how many in all, and the last one's time"),
});
export type AuditEntryResponse = z.infer<typeof auditEntryResponse>;
