// One place for the ports and addresses the e2e suite uses. Fixed, because Playwright
// starts the web server before globalSetup: the app is told where SMTP and the OpenID
// provider will be, and globalSetup brings them up there before the first test runs.
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const APP_PORT = 3100;
export const BASE_URL = `http://localhost:${APP_PORT}`;
/** The gateway `npm start` runs beside the app (agents' ingress and LLM endpoint). */
export const GATEWAY_PORT = 3101;
export const GATEWAY_URL = `http://localhost:${GATEWAY_PORT}`;
export const OIDC_PORT = 3126;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const E2E_PG_PORT = 54365;
/** Everything an e2e run writes; wiped at the start of each run. The app's embedded PostgreSQL lives in E2E_DIR/pg. */
export const E2E_DIR = path.join(ROOT, ".data", "e2e");
/** The development outbox of the app under test (MAIL_OUTBOX_DIR). */
export const MAIL_DIR = path.join(E2E_DIR, "mail");
/** The identity the local OpenID provider signs in as ("Continue with Google"). */
export const GOOGLE_USER = { sub: "google-e2e-0001", email: "google.user@example.test", name: "Grace Google" };
const GOOGLE_CLIENT = { id: "e2e-google-client", secret: "e2e-google-secret" };

/**
 * The app runs the way a newcomer runs it: `npm start` in local mode (its own embedded
 * PostgreSQL, no DATABASE_URL, no SMTP_URL: mail in the development outbox, /dev/mail), with
 * APP_URL left to its default (http://localhost:$PORT). Only the ports, the places it keeps
 * its data and the local stand-ins for Google are set.
 */
export function appEnv(): Record<string, string> {
  return {
    PORT: String(APP_PORT),
    GATEWAY_PORT: String(GATEWAY_PORT),
    EMBEDDED_PG_PORT: String(E2E_PG_PORT),
    EMBEDDED_PG_DIR: path.join(E2E_DIR, "pg"),
    MAIL_OUTBOX_DIR: MAIL_DIR,
    MAIL_FROM: "AgentRuntime <no-reply@agentruntime.test>",
    GOOGLE_CLIENT_ID: GOOGLE_CLIENT.id,
    GOOGLE_CLIENT_SECRET: GOOGLE_CLIENT.secret,
    GOOGLE_ISSUER: OIDC_ISSUER,
    GOOGLE_JWKS_URL: `${OIDC_ISSUER}/jwks`,
    // Every spec signs up and signs in its own users from this one address, more than the
    // per-IP hourly limits allow (20 sign-ups): raised here only (their own tests are in Vitest).
    AR_RL_AUTH_SIGNUP_IP_POINTS: "1000",
    AR_RL_AUTH_SIGNIN_IP_POINTS: "1000",
  };
}
