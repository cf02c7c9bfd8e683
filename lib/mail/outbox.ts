import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { MailMessage } from "./message";
import { outboxDir } from "./config";

// Development outbox: without SMTP_URL, mail is written here and listed at /dev/mail, so
// sign-up and password reset work on a fresh machine with no mail server.
type OutboxEntry = MailMessage & { id: string; from: string; createdAt: string };

export async function writeToOutbox(message: MailMessage & { from: string }): Promise<OutboxEntry> {
  const dir = outboxDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const createdAt = new Date().toISOString();
  // Sortable file names: newest last in a directory listing.
  const id = `${createdAt.replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
  const entry: OutboxEntry = { id, ...message, createdAt };
  // Written aside and renamed into place: a reader (the /dev/mail page, a test) never sees half a message.
  const file = path.join(dir, `${id}.json`);
  await writeFile(`${file}.partial`, JSON.stringify(entry, null, 2) + "\n", { mode: 0o600 });
  await rename(`${file}.partial`, file);
  return entry;
}

/** Newest first. Unreadable files are skipped rather than breaking the page. */
export async function listOutbox(limit = 100): Promise<OutboxEntry[]> {
  let files: string[];
  try {
    files = (await readdir(outboxDir())).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  files.sort().reverse();
  const entries: OutboxEntry[] = [];
  for (const f of files.slice(0, limit)) {
    try {
      entries.push(JSON.parse(await readFile(path.join(outboxDir(), f), "utf8")) as OutboxEntry);
    } catch {
      continue;
    }
  }
  return entries;
}
