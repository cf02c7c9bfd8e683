import { ApiError } from "@/lib/core/errors";

/** Largest delivery accepted, in bytes (1 MiB, the API's JSON limit). */
const MAX_INBOUND_BYTES = 1024 * 1024;

const tooLarge = () => new ApiError("payload_too_large", "The request body is larger than 1 MiB");

/**
 * The raw request bytes, refused with 413 past `max`: first on the declared Content-Length
 * (nothing is read), then by counting while streaming, so a chunked or lying sender cannot
 * make us buffer more than `max` + one chunk.
 */
export async function readLimitedBody(req: Request, max = MAX_INBOUND_BYTES): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > max) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
