import fs from "node:fs";
import { db } from "@/lib/db/client";

// Where a built archive lives: in PostgreSQL, as DataExportChunk rows of CHUNK_BYTES in order.
// The worker that built it and the web instance that serves it share nothing but the database
// (no volume; a Vercel function has none). Written chunk by chunk, read chunk by chunk: neither
// side holds more than one chunk of an archive in memory.

/** Bytes per row: large enough for few round trips, small enough to hold one in memory. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** Replaces the export's stored archive with `file` (a retried build starts from nothing). */
export async function storeArchive(exportId: string, file: string): Promise<void> {
  await deleteArchive(exportId);
  let seq = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    await db.dataExportChunk.create({ data: { exportId, seq: seq++, data: new Uint8Array(chunk as Buffer) } });
  }
}

export async function deleteArchive(exportId: string): Promise<void> {
  await db.dataExportChunk.deleteMany({ where: { exportId } });
}

export async function hasArchive(exportId: string): Promise<boolean> {
  return (await db.dataExportChunk.count({ where: { exportId, seq: 0 } })) > 0;
}

/** The stored archive as a byte stream, one chunk read per pull, ending after the last chunk. */
export function archiveStream(exportId: string): ReadableStream<Uint8Array> {
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const row = await db.dataExportChunk.findUnique({ where: { exportId_seq: { exportId, seq } }, select: { data: true } });
      if (!row) {
        controller.close();
        return;
      }
      seq++;
      controller.enqueue(row.data);
    },
  });
}
