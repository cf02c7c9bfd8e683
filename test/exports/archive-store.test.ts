// The archive store: a file of several chunks goes into PostgreSQL and comes back byte for byte,
// read one chunk at a time; storing again replaces it; deleting the export takes its chunks.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { CHUNK_BYTES, archiveStream, deleteArchive, hasArchive, storeArchive } from "@/lib/exports/archive-store";
import { createTestUser } from "@/test/factories/users";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-store-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function exportRow() {
  const { user } = await createTestUser();
  return db.dataExport.create({ data: { id: newId("dataExport"), kind: "account", userId: user.id, status: "running" } });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; reads: number }> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return { bytes: Buffer.concat(parts), reads: parts.length };
}

describe("export archive store", () => {
  it("stores a file of several chunks and streams it back byte for byte, one chunk per read", async () => {
    const exp = await exportRow();
    const content = randomBytes(2 * CHUNK_BYTES + 12345);
    const file = path.join(dir, "a.tar.gz");
    fs.writeFileSync(file, content);
    expect(await hasArchive(exp.id)).toBe(false);
    await storeArchive(exp.id, file);
    expect(await hasArchive(exp.id)).toBe(true);
    expect(await db.dataExportChunk.count({ where: { exportId: exp.id } })).toBe(3);
    const { bytes, reads } = await readAll(archiveStream(exp.id));
    expect(reads).toBe(3);
    expect(bytes.equals(content)).toBe(true);

    // A retried build stores again from nothing: no chunk of the first attempt is left over.
    const shorter = randomBytes(1000);
    fs.writeFileSync(file, shorter);
    await storeArchive(exp.id, file);
    expect(await db.dataExportChunk.count({ where: { exportId: exp.id } })).toBe(1);
    expect((await readAll(archiveStream(exp.id))).bytes.equals(shorter)).toBe(true);

    await deleteArchive(exp.id);
    expect(await hasArchive(exp.id)).toBe(false);
    expect((await readAll(archiveStream(exp.id))).bytes.length).toBe(0);
  });

  it("an export's chunks go with it", async () => {
    const exp = await exportRow();
    const file = path.join(dir, "b.tar.gz");
    fs.writeFileSync(file, randomBytes(100));
    await storeArchive(exp.id, file);
    await db.dataExport.delete({ where: { id: exp.id } });
    expect(await db.dataExportChunk.count({ where: { exportId: exp.id } })).toBe(0);
  });
});
