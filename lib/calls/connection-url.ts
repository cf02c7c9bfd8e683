import { baseUrlOf } from "./base-urls";
import { CallError } from "./call-error";
import { loadConnection, type CallScope } from "./load-connection";

// A call's URL is the connection's base URL plus a path, and the path cannot leave that
// origin (no "//evil.example" or absolute URL smuggled in): the credential only ever goes to
// the host the connection was made for.

export function joinUrl(base: string, path: string): string {
  const baseUrl = new URL(base);
  const url = new URL(base.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`));
  if (url.origin !== baseUrl.origin) throw new CallError("invalid_path", "The path must stay on the connection's host", false);
  return url.toString();
}

/**
 * The URL a call to `path` on the connection goes to. Resolving it reads the connection but
 * does not use its secret, so a caller can fail early (a missing or unsupported connection,
 * a path off the host) before spending anything.
 */
export async function connectionUrl(scope: CallScope, connectionId: string, path: string): Promise<string> {
  return joinUrl(baseUrlOf(await loadConnection(scope, connectionId)), path);
}
