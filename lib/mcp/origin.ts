import { originOf } from "@/lib/api/same-origin";
import { forbidden } from "@/lib/core/errors";
import { publicOrigin } from "@/lib/core/public-origin";
import type { RequestMeta } from "@/lib/core/scope";

// The MCP transport spec: servers must validate Origin, or a web page could drive a user's
// local client setup (DNS rebinding) or a browser-held credential. Non-browser clients send no
// Origin; a browser page of this deployment (the console) is ours; any other page is refused.
// MCP_ALLOWED_ORIGINS (comma-separated origins) admits browser-based MCP clients.

function allowedOrigins(meta: RequestMeta): Set<string> {
  const extra = (process.env.MCP_ALLOWED_ORIGINS ?? "").split(",").map((o) => originOf(o.trim()));
  return new Set([originOf(publicOrigin(meta)), originOf(meta.origin ?? ""), ...extra].filter((o): o is string => o !== null));
}

/** Throws the API's 403 for a browser Origin that is not this deployment's (`null` included). */
export function checkMcpOrigin(req: Request, meta: RequestMeta): void {
  const origin = req.headers.get("origin");
  if (origin === null || origin === "") return;
  const sent = originOf(origin);
  if (!sent || !allowedOrigins(meta).has(sent)) throw forbidden("Cross-origin request refused: this Origin may not use the MCP endpoint", { reason: "cross_origin" });
}
