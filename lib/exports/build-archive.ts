import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { rowLine, type ExportResource } from "./rows";

// An export archive: each resource written to `<name>.ndjson` in a scratch directory (its rows
// counted and hashed as they are written), then manifest.json and the files packed into one
// .tar.gz. Re-running over the same scratch directory starts clean, so a retried job rebuilds.

export type ManifestEntry = { file: string; rows: number; bytes: number; sha256: string };
export type Manifest = {
  format: "agentruntime.export.v1";
  exportId: string;
  kind: "workspace" | "account";
  createdAt: string;
  subject: Record<string, string>;
  resources: Record<string, ManifestEntry>;
  excluded: string[];
};
export type BuiltArchive = { manifest: Manifest; sizeBytes: number; sha256: string };

type Build = {
  exportId: string;
  kind: Manifest["kind"];
  subject: Record<string, string>;
  resources: ExportResource[];
  excluded: string[];
  /** Where the archive goes; `<target>.partial` until it is complete. */
  target: string;
  onProgress?: (done: number, total: number) => Promise<void>;
};

async function writeResource(dir: string, resource: ExportResource): Promise<ManifestEntry> {
  const file = `${resource.name}.ndjson`;
  const hash = createHash("sha256");
  const out = fs.createWriteStream(path.join(dir, file));
  let rows = 0;
  let bytes = 0;
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  for await (const page of resource.pages()) {
    const chunk = Buffer.from(page.map((r) => rowLine(resource.name, r)).join(""));
    rows += page.length;
    bytes += chunk.length;
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  out.end();
  await done;
  return { file, rows, bytes, sha256: hash.digest("hex") };
}

async function pack(dir: string, files: string[], target: string): Promise<void> {
  const packer = tar.pack();
  const written = pipeline(packer, createGzip(), fs.createWriteStream(target));
  const mtime = new Date();
  for (const file of files) {
    const { size } = await fsp.stat(path.join(dir, file));
    const entry = packer.entry({ name: file, size, mtime, mode: 0o644 });
    await pipeline(fs.createReadStream(path.join(dir, file)), entry);
  }
  packer.finalize();
  await written;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest("hex");
}

export async function buildArchive(b: Build): Promise<BuiltArchive> {
  const scratch = `${b.target}.tmp`;
  await fsp.rm(scratch, { recursive: true, force: true });
  await fsp.mkdir(scratch, { recursive: true });
  try {
    const resources: Record<string, ManifestEntry> = {};
    for (const [i, resource] of b.resources.entries()) {
      resources[resource.name] = await writeResource(scratch, resource);
      await b.onProgress?.(i + 1, b.resources.length);
    }
    const manifest: Manifest = {
      format: "agentruntime.export.v1",
      exportId: b.exportId,
      kind: b.kind,
      createdAt: new Date().toISOString(),
      subject: b.subject,
      resources,
      excluded: b.excluded,
    };
    await fsp.writeFile(path.join(scratch, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    const partial = `${b.target}.partial`;
    await pack(scratch, ["manifest.json", ...Object.values(resources).map((r) => r.file)], partial);
    await fsp.rename(partial, b.target);
    const { size } = await fsp.stat(b.target);
    return { manifest, sizeBytes: size, sha256: await sha256File(b.target) };
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}
