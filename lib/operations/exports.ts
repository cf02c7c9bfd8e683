import { z } from "zod";
import { dataExportResponse, downloadQuery, exportIdParams, startExportBody } from "@/lib/schemas/exports";
import { forbidden } from "@/lib/core/errors";
import { getAccountExport, getWorkspaceExport, listWorkspaceExports } from "@/lib/exports/get-export";
import { openExportDownload } from "@/lib/exports/open-download";
import { startAccountExport, startWorkspaceExport } from "@/lib/exports/start-export";
import { defineResource } from "./define";

const WHAT =
  "A .tar.gz of one NDJSON file per resource plus manifest.json (per resource: file, row count, SHA-256). " +
  "Secrets are never exported: no ciphertexts, token hashes or credentials. The archive and its link expire after EXPORT_RETENTION_HOURS (default 24).";

export const dataExports = defineResource({ tags: ["Data export"], auth: "workspace", action: "workspace.export", components: { DataExport: dataExportResponse } }, (op) => ({
  startWorkspaceExport: op({
    route: "POST /v1/workspaces/current/export",
    summary: "Export everything the workspace owns",
    description: `Owners and tenant admins. Starts a background job; poll GET /v1/workspaces/current/exports/{id}. ${WHAT} One export at a time (409 while one is in progress).`,
    body: startExportBody,
    errors: [409],
    responses: { 202: { description: "The export, queued", schema: (c) => c.DataExport } },
    handler: async (ctx) => startWorkspaceExport(ctx),
  }),

  listWorkspaceExports: op({
    route: "GET /v1/workspaces/current/exports",
    summary: "The workspace's latest exports",
    description: "The ten most recent, newest first.",
    responses: { 200: { description: "Exports", schema: (c) => z.object({ data: z.array(c.DataExport) }) } },
    handler: async (ctx) => listWorkspaceExports(ctx),
  }),

  getWorkspaceExport: op({
    route: "GET /v1/workspaces/current/exports/{id}",
    summary: "An export's status, progress and download link",
    params: exportIdParams,
    responses: { 200: { description: "The export", schema: (c) => c.DataExport } },
    handler: async (ctx, { params }) => getWorkspaceExport(ctx, params.id),
  }),

  startAccountExport: op({
    route: "POST /v1/me/export",
    summary: "Export your own account data",
    description: `Your profile, linked sign-in accounts and sessions (metadata), memberships, API tokens (metadata) and the audit entries where you are the actor. Console sessions only (a token gets 403). ${WHAT}`,
    auth: "user",
    body: startExportBody,
    errors: [403, 409],
    responses: { 202: { description: "The export, queued", schema: (c) => c.DataExport } },
    handler: async (ctx) => {
      // A token is scoped to one workspace; the whole account is the person's, from the console.
      if (ctx.principal.type === "token") throw forbidden("API tokens cannot export account data; sign in to the console", { attempted: "account.export" });
      return startAccountExport(ctx);
    },
  }),

  getAccountExport: op({
    route: "GET /v1/me/exports/{id}",
    summary: "One of your account exports",
    auth: "user",
    params: exportIdParams,
    responses: { 200: { description: "The export", schema: (c) => c.DataExport } },
    handler: async (ctx, { params }) => getAccountExport(ctx, params.id),
  }),

  downloadExport: op({
    route: "GET /v1/exports/{id}/download",
    summary: "Download an export archive",
    description: "Follow an export's downloadUrl: the signed token is the credential (no headers needed). A wrong token is a 404; so is an expired link or archive.",
    auth: "public",
    params: exportIdParams,
    query: downloadQuery,
    responses: { 200: { description: "The archive", contentType: "application/gzip", schema: z.string().meta({ format: "binary" }) } },
    handler: async (ctx, { params }) => openExportDownload(params.id, new URL(ctx.req.url).searchParams.get("token"), ctx.meta),
  }),
}));
