// An upstream answer is read up to a cap, so a huge (or endless) body cannot exhaust the
// worker's memory; the caller learns that it was cut.

export const MAX_RESPONSE_BYTES = 256 * 1024;

export async function readLimited(res: Response): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > MAX_RESPONSE_BYTES) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString("utf8");
  return { text, truncated };
}

/**
 * At most `limit` bytes of a node stream as text, and whether it was cut; past the limit the rest
 * is not read (the stream is destroyed, dropping the connection). A multi-byte character cut at
 * the limit decodes as U+FFFD.
 */
export async function readTextPrefix(stream: AsyncIterable<Buffer> & { destroy: () => void }, limit: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const room = limit - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      truncated = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  if (truncated) stream.destroy();
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}
