import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import tar from "tar-stream";

/** The files of a .tar.gz, by name. */
export async function untar(gz: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => void chunks.push(c as Buffer));
    stream.on("end", () => {
      files.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  await pipeline(Readable.from(gz), createGunzip(), extract);
  return files;
}

/** The uncompressed tar stream, for byte searches across the whole archive. */
export const tarBytes = (gz: Buffer) => gunzipSync(gz);

export const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export const ndjson = (b: Buffer) => b.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
