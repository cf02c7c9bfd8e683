import { createPrivateKey } from "node:crypto";
import { fail, ok, type ProbeResult } from "./result";

/**
 * Validates a Google service-account JSON key: the shape, and that private_key parses as a
 * PEM private key. No call reaches Firestore (that would mint a token from this key).
 */
export function checkServiceAccount(raw: string): ProbeResult {
  let sa: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return fail("The service-account key is not a JSON object");
    sa = parsed as Record<string, unknown>;
  } catch {
    return fail("The service-account key is not valid JSON");
  }
  if (sa.type !== "service_account") return fail('The JSON is not a service-account key ("type" must be "service_account")');
  if (typeof sa.project_id !== "string" || !sa.project_id) return fail("The service-account key has no project_id");
  if (typeof sa.client_email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(sa.client_email)) return fail("The service-account key has no valid client_email");
  if (typeof sa.private_key !== "string" || !sa.private_key.includes("PRIVATE KEY")) return fail("The service-account key has no private_key");
  try {
    createPrivateKey({ key: sa.private_key, format: "pem" });
  } catch {
    return fail("The service-account private_key is not a valid PEM private key");
  }
  return ok;
}
