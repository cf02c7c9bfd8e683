import { headers } from "next/headers";
import { newId } from "@/lib/core/ids";
import { requestMeta } from "@/lib/http/request-context";
import { type RequestMeta } from "@/lib/core/scope";

/**
 * Request metadata from next/headers, for code Auth.js calls without the request (its jwt
 * callback) and for server actions. Outside a request scope it degrades to an id only.
 */
export async function currentRequestMeta(): Promise<RequestMeta> {
  try {
    return requestMeta(new Request("http://internal.invalid/", { headers: new Headers(await headers()) }));
  } catch {
    return { requestId: newId("request"), ip: null, userAgent: null };
  }
}
