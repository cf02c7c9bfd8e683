import type { DataExport } from "@/lib/generated/prisma/client";
import type { DataExportDto } from "@/lib/schemas/exports";
import { publicOrigin } from "@/lib/core/public-origin";
import type { Manifest } from "./build-archive";
import { signDownloadToken } from "./download-token";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentExport(exp: DataExport, meta?: { origin?: string | null } | null, now = new Date()): DataExportDto {
  const expired = exp.status === "succeeded" && (!exp.expiresAt || exp.expiresAt <= now || !exp.fileName);
  const downloadable = exp.status === "succeeded" && !expired;
  return {
    id: exp.id,
    kind: exp.kind as DataExportDto["kind"],
    status: expired ? "expired" : (exp.status as DataExportDto["status"]),
    progress: exp.progress,
    createdAt: exp.createdAt.toISOString(),
    startedAt: iso(exp.startedAt),
    finishedAt: iso(exp.finishedAt),
    expiresAt: iso(exp.expiresAt),
    sizeBytes: exp.sizeBytes === null ? null : Number(exp.sizeBytes),
    sha256: exp.sha256,
    resources: (exp.manifest as Manifest | null)?.resources ?? null,
    downloadUrl: downloadable ? `${publicOrigin(meta)}/v1/exports/${exp.id}/download?token=${signDownloadToken(exp.id, exp.expiresAt!)}` : null,
    error: exp.error,
  };
}
