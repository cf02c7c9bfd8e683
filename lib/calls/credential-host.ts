import type { ConnectionDto } from "@/lib/schemas/connections";
import { baseUrlOf } from "./base-urls";
import { CallError } from "./call-error";

// A connection's secret only ever goes to the host the connection was made for (its base URL:
// an API key's own or its vendor's, the OAuth provider's API host). An MCP instance bound to
// a connection must therefore live on that host; otherwise anyone who may edit instances
// could point one at a server of their own and collect a secret no API ever shows them.

export function credentialHostOf(connection: ConnectionDto): string {
  return new URL(baseUrlOf({ connection, secret: null, secretVersion: 0 })).host;
}

/** Throws unless `url` is on the connection's host. */
export function assertCredentialHost(connection: ConnectionDto, url: string): void {
  const host = credentialHostOf(connection);
  if (new URL(url).host !== host) throw new CallError("credential_host_mismatch", `The connection's credential only goes to ${host}`, false);
}
