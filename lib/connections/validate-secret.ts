import { ApiError } from "@/lib/core/errors";
import { expectedSchemes, parseDbUrl } from "./probes/connection-string";
import { checkServiceAccount } from "./probes/firestore";
import { sqlitePathAllowed } from "./probes/sqlite";

const invalid = (path: string, message: string) => new ApiError("invalid_request", "The request is invalid", { details: [{ path, message }] });

/**
 * Shape checks a database secret must pass before it is stored (create and rotate), so a
 * typo is a 422 now rather than an error status later. Messages never quote the secret.
 */
export function validateDatabaseSecret(provider: string, secret: string | undefined, fields: { path?: string }): void {
  if (provider === "sqlite") {
    if (!fields.path || !sqlitePathAllowed(fields.path)) throw invalid("fields.path", "The file must be inside the directory configured for SQLite connections");
    return;
  }
  if (!secret) throw invalid("secret", "A secret is required");
  if (provider === "firestore") {
    const check = checkServiceAccount(secret);
    if (!check.ok) throw invalid("secret", check.reason);
    return;
  }
  if (provider === "mongodb") {
    if (!/^mongodb(\+srv)?:\/\/[^/?]+/.test(secret.trim())) throw invalid("secret", "Expected a mongodb:// or mongodb+srv:// connection string");
    return;
  }
  if (!parseDbUrl(provider, secret)) throw invalid("secret", `Expected a connection string starting with ${expectedSchemes(provider).join(" or ")}`);
}
