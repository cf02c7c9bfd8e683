// Reading a table for an export: keyset pages in key order (memory stays flat), and each row
// turned into one NDJSON line. Fails closed: a binary column (a vault ciphertext) or a column
// named like a credential in a row means a resource forgot to omit it, and the export fails
// rather than ship it.

export type ExportRow = Record<string, unknown>;
/** A resource of an archive: its name (file `<name>.ndjson`) and its rows, page by page. */
export type ExportResource = { name: string; pages: () => AsyncIterable<ExportRow[]> };

const PAGE = 500;

// Columns that hold credentials somewhere in the schema. Receipt-chain hashes (RunStep.hash)
// and content hashes (schemaHash, toolArgumentsHash…) are not credentials and stay.
const FORBIDDEN_COLUMNS = new Set([
  "secret", "previousSecret", "signingSecret", "apiKey", "wrappedKey",
  "tokenHash", "stateHash", "passwordHash", "sessionToken",
  "access_token", "refresh_token", "id_token", "session_state",
]);

type FindMany = (args: Record<string, unknown>) => Promise<ExportRow[]>;
type Delegate = { findMany: unknown };

type KeysetOptions = {
  where: Record<string, unknown>;
  /** The unique key, in order: `["id"]`, or a compound one (`["runId", "seq"]`). */
  key: string[];
  /** Prisma's name for a compound key's cursor (`runId_seq`). */
  cursorName?: string;
  omit?: Record<string, true>;
  include?: Record<string, unknown>;
};

/** A table read in pages of 500 in key order, with Prisma's cursor (rows inserted meanwhile may or may not appear). */
export function keyset(name: string, delegate: Delegate, opts: KeysetOptions): ExportResource {
  const findMany = (delegate.findMany as FindMany).bind(delegate);
  return {
    name,
    async *pages() {
      let cursor: Record<string, unknown> | undefined;
      for (;;) {
        const rows = await findMany({
          where: opts.where,
          orderBy: opts.key.map((k) => ({ [k]: "asc" })),
          take: PAGE,
          ...(cursor ? { cursor, skip: 1 } : {}),
          ...(opts.omit ? { omit: opts.omit } : {}),
          ...(opts.include ? { include: opts.include } : {}),
        });
        if (rows.length) yield rows;
        if (rows.length < PAGE) return;
        const last = rows[rows.length - 1];
        const values = Object.fromEntries(opts.key.map((k) => [k, last[k]]));
        cursor = opts.cursorName ? { [opts.cursorName]: values } : values;
      }
    },
  };
}

/** One row as a JSON line: BigInt as a decimal string, dates as ISO strings. */
export function rowLine(resource: string, row: ExportRow): string {
  // Columns only: inside JSON columns (a run's input, an event payload) these are the customer's own keys.
  for (const key of Object.keys(row)) if (FORBIDDEN_COLUMNS.has(key)) throw new Error(`export ${resource}: credential column ${key} must be omitted`);
  // `this[key]`: the value before a Buffer's toJSON turned it into { type, data }.
  return JSON.stringify(row, function (this: Record<string, unknown>, key, value: unknown) {
    if (this[key] instanceof Uint8Array) throw new Error(`export ${resource}: binary column ${key} must be omitted`);
    if (typeof value === "bigint") return value.toString();
    return value;
  }) + "\n";
}
