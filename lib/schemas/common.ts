import { z } from "zod";
import "@/lib/core/zod-messages";

// Shapes shared by every resource: the error body, cursor pages, timestamps. Request and
// response schemas here feed validation, the OpenAPI document and the console forms.

/** Dates leave the API as ISO-8601 strings (Response.json serialises Date that way). */
export const timestamp = z.iso.datetime({ offset: true });

const fieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});

const errorCode = z.enum([
  "invalid_request",
  "bad_request",
  "unauthorized",
  "insufficient_credits",
  "forbidden",
  "workspace_pending_deletion",
  "insufficient_scope",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal_error",
  "service_unavailable",
  "tool_path_refused",
  "capability_not_declared",
  "credential_unavailable",
  "upstream_unreachable",
  "gateway_unreachable",
]);

/** Every error, whatever the route: `{ error: { code, message, requestId, details? } }`. */
export const errorResponse = z.object({
  error: z.object({
    code: errorCode,
    message: z.string(),
    requestId: z.string(),
    details: z.array(fieldIssue).optional(),
  }),
});

/** Query of every list endpoint: newest first, `cursor` = the previous page's `nextCursor`. */
export { pageQuery } from "@/lib/core/pagination";

/** A page of items; `nextCursor` is null on the last page. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z.string().nullable(),
  });

/** `{id}` path parameter of prefixed ids (`tok_…`, `prj_…`). */
export const idParams = z.object({ id: z.string().min(1).max(64) });

/** A small reference to a project, as embedded in other resources. */
export const projectRef = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
});

export const workspaceRef = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
});
