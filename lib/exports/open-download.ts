import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { ApiError, notFound } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import { archiveStream, hasArchive } from "./archive-store";
import { checkDownloadToken } from "./download-token";

// GET /v1/exports/{id}/download?token=…: the link is the credential (a browser follows it with
// no headers). A wrong token answers exactly like an unknown export; a genuine but expired one
// says so. Every download is audited.

export async function openExportDownload(id: string, token: string | null, meta: RequestMeta): Promise<Response> {
  const check = checkDownloadToken(id, token);
  if (check === "invalid") throw notFound("Export");
  if (check === "expired") throw new ApiError("not_found", "This download link has expired; start a new export");
  const exp = await db.dataExport.findUnique({ where: { id } });
  if (!exp || exp.status !== "succeeded" || !exp.fileName || !exp.expiresAt || exp.expiresAt <= new Date()) {
    throw new ApiError("not_found", "This export is no longer available; start a new one");
  }
  if (exp.sizeBytes === null || !(await hasArchive(exp.id))) throw new ApiError("not_found", "This export is no longer available; start a new one");
  await recordAudit({
    workspaceId: exp.workspaceId,
    actor: { type: "anonymous", label: "export download link" },
    action: "data_export.download",
    target: { type: "data_export", id: exp.id },
    metadata: { kind: exp.kind, requestedBy: exp.userId },
    request: meta,
  });
  return new Response(archiveStream(exp.id), {
    headers: {
      "Content-Type": "application/gzip",
      "Content-Length": String(exp.sizeBytes),
      "Content-Disposition": `attachment; filename="${exp.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-SHA256": exp.sha256 ?? "",
    },
  });
}
