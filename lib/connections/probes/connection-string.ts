// Parses database URLs without handing them to a driver first, so the host can be checked
// against the egress policy before any socket opens. Errors never quote the string (it
// carries the password).

export type DbUrl = {
  protocol: string;
  host: string;
  port: number | null;
  username: string;
  password: string;
  database: string;
  params: URLSearchParams;
};

const PROTOCOLS: Record<string, string[]> = {
  postgres: ["postgres:", "postgresql:"],
  mysql: ["mysql:", "mariadb:"],
  mongodb: ["mongodb:", "mongodb+srv:"],
  redis: ["redis:", "rediss:"],
  neo4j: ["neo4j:", "neo4j+s:", "neo4j+ssc:", "bolt:", "bolt+s:", "bolt+ssc:"],
};

export function expectedSchemes(provider: string): string[] {
  return (PROTOCOLS[provider] ?? []).map((p) => `${p}//`);
}

/** Null when the string is not a URL of this provider's schemes (MongoDB multi-host strings excepted: see mongodb.ts). */
export function parseDbUrl(provider: string, raw: string): DbUrl | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (!(PROTOCOLS[provider] ?? []).includes(u.protocol) || !u.hostname) return null;
  return {
    protocol: u.protocol,
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : null,
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
    params: u.searchParams,
  };
}
