// One place for the ports and addresses the e2e suite uses. Fixed, because Playwright
// starts the web server before globalSetup: the app is told where SMTP and the OpenID
// provider will be, and globalSetup brings them up there before the first test runs.
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const APP_PORT = 3100;
export const BASE_URL = `http://localhost:${APP_PORT}`;
export const SMTP_PORT = 3125;
export const OIDC_PORT = 3126;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const E2E_PG_PORT = 54365;
/** Everything an e2e run writes; wiped at the start of each run. */
export const E2E_DIR = path.join(ROOT, ".data", "e2e");
export const MAIL_DIR = path.join(E2E_DIR, "mail");
/** The identity the local OpenID provider signs in as ("Continue with Google"). */
export const GOOGLE_USER = { sub: "google-e2e-0001", email: "google.user@example.test", name: "Grace Google" };
export const GOOGLE_CLIENT = { id: "e2e-google-client", secret: "e2e-google-secret" };

/** What the app needs to reach the test SMTP server and OpenID provider. */
export function appEnv(): Record<string, string> {
  return {
    PORT: String(APP_PORT),
    APP_URL: BASE_URL,
    SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
    MAIL_FROM: "AgentRuntime <no-reply@agentruntime.test>",
    GOOGLE_CLIENT_ID: GOOGLE_CLIENT.id,
    GOOGLE_CLIENT_SECRET: GOOGLE_CLIENT.secret,
    GOOGLE_ISSUER: OIDC_ISSUER,
    GOOGLE_JWKS_URL: `${OIDC_ISSUER}/jwks`,
  };
}
