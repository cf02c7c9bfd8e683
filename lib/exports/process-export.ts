import fsp from "node:fs/promises";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { ACCOUNT_EXCLUSIONS, accountResources } from "./account-resources";
import { buildArchive, type Manifest } from "./build-archive";
import type { ExportResource } from "./rows";
import { deleteArchive, storeArchive } from "./archive-store";
import { buildPath, exportDir, exportRetentionMs } from "./config";
import { WORKSPACE_EXCLUSIONS, workspaceResources } from "./workspace-resources";

// The data-export job: builds the archive of one export in scratch space, stores it in
// PostgreSQL (archive-store.ts) and records the outcome. Idempotent: a finished export is left
// alone; a queued or running one (a crash mid-way) is rebuilt and stored again from nothing.

type Subject = { subject: Record<string, string>; resources: ExportResource[]; excluded: string[]; label: string };

async function subjectOf(exp: { kind: string; workspaceId: string | null; userId: string }): Promise<Subject> {
  if (exp.kind === "workspace") {
    const ws = await db.workspace.findUniqueOrThrow({ where: { id: exp.workspaceId! }, select: { id: true, slug: true, name: true } });
    return { subject: { workspaceId: ws.id, slug: ws.slug, name: ws.name }, resources: workspaceResources(ws.id), excluded: WORKSPACE_EXCLUSIONS, label: ws.slug };
  }
  const user = await db.user.findUniqueOrThrow({ where: { id: exp.userId }, select: { id: true, email: true } });
  return { subject: { userId: user.id, email: user.email }, resources: accountResources(user.id), excluded: ACCOUNT_EXCLUSIONS, label: "account" };
}

/** `agentruntime-<slug|account>-<UTC stamp>.tar.gz`, safe in Content-Disposition. */
function downloadName(label: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\..+$/, "Z");
  return `agentruntime-${label.replace(/[^A-Za-z0-9_-]/g, "_")}-${stamp}.tar.gz`;
}

export async function processDataExport(exportId: string): Promise<void> {
  const exp = await db.dataExport.findUnique({ where: { id: exportId } });
  if (!exp || exp.status === "succeeded" || exp.status === "failed") return;
  await db.dataExport.update({ where: { id: exp.id }, data: { status: "running", progress: 0, startedAt: new Date() } });
  try {
    const { subject, resources, excluded, label } = await subjectOf(exp);
    await fsp.mkdir(exportDir(), { recursive: true });
    let shown = 0;
    const target = buildPath(exp.id);
    let built: Awaited<ReturnType<typeof buildArchive>>;
    try {
      built = await buildArchive({
        exportId: exp.id,
        kind: exp.kind as Manifest["kind"],
        subject,
        resources,
        excluded,
        target,
        // Writing the tables is 95 %; packing, hashing and storing the rest. One write per percent moved.
        onProgress: async (done, total) => {
          const pct = Math.floor((done / total) * 95);
          if (pct > shown) await db.dataExport.update({ where: { id: exp.id }, data: { progress: (shown = pct) } });
        },
      });
      await storeArchive(exp.id, target);
    } finally {
      await fsp.rm(target, { force: true });
    }
    const finishedAt = new Date();
    await db.dataExport.update({
      where: { id: exp.id },
      data: {
        status: "succeeded",
        progress: 100,
        fileName: downloadName(label, finishedAt),
        sizeBytes: BigInt(built.sizeBytes),
        sha256: built.sha256,
        manifest: built.manifest,
        finishedAt,
        expiresAt: new Date(finishedAt.getTime() + exportRetentionMs()),
      },
    });
  } catch (err) {
    logger.error("data export failed", { exportId: exp.id, err });
    await db.dataExport.update({ where: { id: exp.id }, data: { status: "failed", error: "The export could not be built. Start a new one.", finishedAt: new Date() } });
    await deleteArchive(exp.id).catch(() => undefined);
  }
}

/** Deletes the archives of expired exports (the rows stay, as a record, without an archive). */
export async function sweepExpiredExports(now = new Date()): Promise<number> {
  const expired = await db.dataExport.findMany({ where: { expiresAt: { lte: now }, fileName: { not: null } }, select: { id: true }, take: 1000 });
  for (const { id } of expired) {
    await deleteArchive(id);
    await db.dataExport.update({ where: { id }, data: { fileName: null } });
  }
  return expired.length;
}
