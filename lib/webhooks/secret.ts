import { randomBytes } from "node:crypto";
import type { SecretRef } from "@/lib/vault";

// Signing secrets: `whsec_` + base64url of 32 random bytes (256 bits). The receiver uses the
// whole string, prefix included, as the HMAC key. Stored only sealed in the vault, bound to
// the endpoint row and column.

const SECRET_PREFIX = "whsec_";

export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Enough to tell two secrets apart in the console; four characters of 43 random ones reveal nothing useful. */
export function secretHint(secret: string): string {
  return `${SECRET_PREFIX}…${secret.slice(-4)}`;
}

export function endpointSecretRef(workspaceId: string, endpointId: string, column: "secret" | "previousSecret"): SecretRef {
  return { workspaceId, table: "WebhookEndpoint", rowId: endpointId, column };
}
