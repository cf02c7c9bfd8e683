// `npm run platform -- tokens create|list|revoke`: the only way to issue, list and revoke
// platform operator tokens (`ar_platform_…`). It writes straight to the database (DATABASE_URL,
// else the embedded PostgreSQL of `npm start`); there is no route and no console page for it.
//
//   tokens create --name <who/why> --ip <cidr> [--ip <cidr>…] --expires <30m|12h|7d|2w|ISO time>
//   tokens list [--json]
//   tokens revoke <id>
import { hostname, userInfo } from "node:os";
import { parseArgs } from "node:util";
import { withScriptDatabase } from "./lib/script-database";

const USAGE = `usage: npm run platform -- tokens create --name <name> --ip <cidr> [--ip <cidr>…] --expires <duration|ISO time>
       npm run platform -- tokens list [--json]
       npm run platform -- tokens revoke <id>

Platform tokens reach only /v1/platform/*, only from the --ip networks (IPv4/IPv6 CIDRs),
and expire within at most 30 days (--expires 30m, 12h, 7d, 2w or an ISO 8601 time).`;

class UsageError extends Error {}

function operator(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `unknown@${hostname()}`;
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : "-");

// Each command checks its arguments first (no database needed to refuse them), then returns what
// runs against the database.
type Command = (args: string[]) => Promise<() => Promise<number>>;

const create: Command = async (args) => {
  const { values } = parseArgs({ args, options: { name: { type: "string" }, ip: { type: "string", multiple: true }, expires: { type: "string" } }, strict: true });
  const { normalizeAllowlist, parseExpiry } = await import("../lib/platform/token-policy");
  normalizeAllowlist(values.ip ?? []);
  parseExpiry(values.expires);
  return () => issue(values.name, values.ip ?? [], values.expires);
};

async function issue(name: string | undefined, ips: string[], expires: string | undefined): Promise<number> {
  const { issuePlatformToken } = await import("../lib/platform/platform-tokens");
  const { token, row } = await issuePlatformToken({ name, ips, expires, createdBy: operator() });
  console.log(`platform token created (shown once, store it now):

  ${token}

  id:       ${row.id}
  name:     ${row.name}
  allowed:  ${row.allowedCidrs.join(", ")}
  expires:  ${iso(row.expiresAt)}`);
  return 0;
}

const list: Command = async (args) => {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } }, strict: true });
  return () => listTokens(values.json === true);
};

async function listTokens(json: boolean): Promise<number> {
  const { listPlatformTokens } = await import("../lib/platform/platform-tokens");
  const rows = await listPlatformTokens();
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    console.log("no platform tokens");
    return 0;
  }
  const now = Date.now();
  for (const r of rows) {
    const status = r.revokedAt ? "revoked" : r.expiresAt.getTime() <= now ? "expired" : "active";
    console.log(`${r.id}  ${status.padEnd(7)}  ${r.prefix}…  ${r.name}
    allowed ${r.allowedCidrs.join(", ")}; expires ${iso(r.expiresAt)}; created ${iso(r.createdAt)} by ${r.createdBy ?? "-"}; last used ${iso(r.lastUsedAt)}${r.lastUsedIp ? ` from ${r.lastUsedIp}` : ""}${r.revokedAt ? `; revoked ${iso(r.revokedAt)}` : ""}`);
  }
  return 0;
}

const revoke: Command = async (args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError("tokens revoke takes exactly one token id");
  return () => revokeToken(positionals[0]);
};

async function revokeToken(id: string): Promise<number> {
  const { revokePlatformToken } = await import("../lib/platform/platform-tokens");
  const result = await revokePlatformToken(id, operator());
  if (!result) {
    console.error(`no platform token ${id}`);
    return 1;
  }
  console.log(result.already ? `${result.row.id} was already revoked (${iso(result.row.revokedAt)})` : `${result.row.id} revoked: its next request is refused (401)`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group !== "tokens" || !command) throw new UsageError(group ? `unknown command: ${argv.join(" ")}` : "no command");
  const commands: Record<string, Command> = { create, list, revoke };
  if (!Object.hasOwn(commands, command)) throw new UsageError(`unknown command: tokens ${command}`);
  const run = await commands[command](rest);
  return withScriptDatabase(run);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (err: unknown) => {
    const { PlatformTokenPolicyError } = await import("../lib/platform/token-policy");
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof UsageError || (err as { code?: string })?.code?.startsWith?.("ERR_PARSE_ARGS")) {
      console.error(`${message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(err instanceof PlatformTokenPolicyError ? `refused: ${message}` : `platform: ${message}`);
    process.exit(1);
  },
);
