import "server-only";
import { headers } from "next/headers";
import { publicOrigin } from "@/lib/core/public-origin";

/** The origin the browser used (behind a proxy: X-Forwarded-*), for copy-paste examples. */
export async function requestOrigin(): Promise<string> {
  if (process.env.APP_URL?.trim()) return publicOrigin();
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0] ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return publicOrigin({ origin: `${proto}://${host}` });
}
