// Which processes run here. `npm start` runs all three (web, worker, gateway) and, without
// DATABASE_URL, an embedded PostgreSQL. The web-only role is the web app alone — on Vercel, or on
// a host whose workers and gateways run elsewhere: no worker or gateway is started, no database
// is embedded, and DATABASE_URL (the PostgreSQL the workers use) is required.
//   AGENTRUNTIME_ROLE=web   the web-only role
//   AGENTRUNTIME_ROLE=all   (or unset) everything; on Vercel (VERCEL=1) the role is always web

export const ROLE_ENV = "AGENTRUNTIME_ROLE";
export type ProcessRole = "all" | "web";

type Env = Record<string, string | undefined>;

/** The role, or an error naming the variable when its value is not a role. */
export function processRole(env: Env = process.env): ProcessRole {
  if (env.VERCEL === "1") return "web";
  const value = env[ROLE_ENV]?.trim();
  if (!value || value === "all") return "all";
  if (value === "web") return "web";
  throw new Error(`${ROLE_ENV}=${JSON.stringify(value)} is not a role: use "web" (the web app only) or "all" (the default)`);
}

/** Why the web-only role cannot start here, or null. */
export function webOnlyRoleProblem(env: Env = process.env): string | null {
  let role: ProcessRole;
  try {
    role = processRole(env);
  } catch (err) {
    return (err as Error).message;
  }
  if (role !== "web" || env.DATABASE_URL) return null;
  const why = env.VERCEL === "1" ? "on Vercel the web app runs alone" : `${ROLE_ENV}=web runs the web app alone`;
  return `DATABASE_URL is not set: ${why}, with no embedded PostgreSQL and no worker. Set DATABASE_URL to the PostgreSQL your workers and gateways use.`;
}

/** The long-running processes the launcher (`npm start`) starts for a role. */
export function launchedProcesses(role: ProcessRole): Array<"web" | "worker" | "gateway"> {
  return role === "web" ? ["web"] : ["web", "worker", "gateway"];
}
