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
