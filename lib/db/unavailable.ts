// Tells "the database cannot be reached right now" from every other failure, so the web API and
// the gateway answer 503 (retry later) rather than 500 (our bug) while PostgreSQL is down,
// restarting or out of connections.

// Prisma: can't reach / timed out / server closed the connection / pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
// Socket errors of a raw `pg` connection.
const NET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// PostgreSQL SQLSTATEs: too_many_connections, admin/crash shutdown, cannot_connect_now.
const SQLSTATES = new Set(["53300", "57P01", "57P02", "57P03"]);
// What Prisma's driver adapter reports in `meta.driverAdapterError.cause.kind`.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

type ErrLike = { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as ErrLike).cause, depth++) {
    const { code, message, meta } = e as ErrLike;
    if (typeof code === "string") {
      if (PRISMA_CODES.has(code) || NET_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08")) return true;
      // A raw query's connection failure arrives as P2010 with the driver's message.
      if (code === "P2010" && typeof message === "string" && /Can't reach database server|Connection terminated|connection closed/i.test(message)) return true;
      // No pooled connection came free for a transaction in time: overloaded, not broken.
      if (code === "P2028" && typeof message === "string" && /Unable to start a transaction in the given time/.test(message)) return true;
    }
    const kind = meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    // A raw `pg` client whose connection died (the error itself, or a later query on that client).
    if (typeof message === "string" && /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable)$/.test(message)) return true;
  }
  return false;
}
