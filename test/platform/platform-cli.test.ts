// `npm run platform -- tokens create|list|revoke` as an operator runs it: the real script in its
// own process against this worker's database. Creation is refused without an allowlist, without
// an expiry or beyond 30 days; a created token works on /v1/platform and, revoked from the CLI,
// its very next request is a 401.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as usersRoute } from "@/app/v1/platform/users/route";
import { db } from "@/lib/db/client";
import { hashToken, isWellFormedToken } from "@/lib/tokens/format";
import { OPERATOR_IP, platformHeaders } from "@/test/factories/platform";
import { call } from "@/test/support/http";

const ROOT = path.resolve(__dirname, "../..");

function platform(...args: string[]) {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/platform.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const count = () => db.platformToken.count();

describe("npm run platform -- tokens create: refused without what is mandatory", () => {
  it.each([
    [["--name", "ops", "--expires", "7d"], /--ip is required/],
    [["--name", "ops", "--ip", "203.0.113.4/32"], /--expires is required/],
    [["--name", "ops", "--ip", "203.0.113.4/32", "--expires", "31d"], /at most 30 days/],
    [["--name", "ops", "--ip", "203.0.113.4/32", "--expires", "never"], /not a duration/],
    [["--name", "ops", "--ip", "0.0.0.0/0", "--expires", "7d"], /allows every address/],
    [["--name", "ops", "--ip", "not-an-ip", "--expires", "7d"], /not an IPv4 or IPv6/],
    [["--ip", "203.0.113.4/32", "--expires", "7d"], /--name is required/],
  ])("%j", async (args, message) => {
    const before = await count();
    const r = platform("tokens", "create", ...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^refused: /);
    expect(r.stdout).not.toMatch(/ar_platform_/);
    expect(await count()).toBe(before);
  }, 60_000);

  it("an unknown command or option is a usage error (exit 2)", () => {
    expect(platform("tokens", "frobnicate").code).toBe(2);
    expect(platform("tokens", "create", "--nme", "x").code).toBe(2);
    expect(platform().stderr).toMatch(/usage: npm run platform -- tokens create/);
  }, 60_000);
});

describe("npm run platform -- tokens create, list, revoke", () => {
  it("creates (shown once, stored hashed, audited), lists (never the value), revokes (next request 401, audited)", async () => {
    const created = platform("tokens", "create", "--name", "cli operator", "--ip", `${OPERATOR_IP}/32`, "--ip", "2001:db8::/32", "--expires", "7d");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const token = /(ar_platform_[0-9A-Za-z]+)/.exec(created.stdout)?.[1] ?? "";
    expect(isWellFormedToken(token, "platform")).toBe(true);
    const id = /id:\s+(ptok_\w+)/.exec(created.stdout)?.[1] ?? "";
    const row = await db.platformToken.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "cli operator", tokenHash: hashToken(token), prefix: token.slice(0, "ar_platform_".length + 6), allowedCidrs: [`${OPERATOR_IP}/32`, "2001:db8::/32"], revokedAt: null });
    expect(Math.abs(row.expiresAt.getTime() - (Date.now() + 7 * 86_400_000))).toBeLessThan(120_000);
    const plaintext = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "PlatformToken" WHERE "tokenHash" = ${token} OR prefix = ${token} OR name = ${token}`;
    expect(Number(plaintext[0].n)).toBe(0);
    expect(await db.platformAuditLog.findFirst({ where: { action: "platform.token.create", targetId: id } })).toMatchObject({ actorType: "cli", actorLabel: expect.stringContaining("@") });

    const listed = platform("tokens", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+active\\s+${row.prefix}…\\s+cli operator`));
    expect(listed.stdout).not.toContain(token);
    const json = JSON.parse(platform("tokens", "list", "--json").stdout) as { id: string; tokenHash?: string }[];
    expect(json.find((r) => r.id === id)).toBeTruthy();
    expect(JSON.stringify(json)).not.toMatch(/tokenHash|ar_platform_[0-9A-Za-z]{20}/);

    expect((await call(usersRoute, "/v1/platform/users", { headers: platformHeaders(token) })).status).toBe(200);
    const revoked = platform("tokens", "revoke", id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`${id} revoked`);
    const after = await call(usersRoute, "/v1/platform/users", { headers: platformHeaders(token) });
    expect(after.status).toBe(401);
    expect(await db.platformAuditLog.findFirst({ where: { action: "platform.token.revoke", targetId: id } })).toMatchObject({ actorType: "cli", before: { revokedAt: null } });
    expect(platform("tokens", "list").stdout).toMatch(new RegExp(`${id}\\s+revoked`));
    expect(platform("tokens", "revoke", id).stdout).toContain("already revoked");
    const missing = platform("tokens", "revoke", "ptok_nosuchtoken");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no platform token ptok_nosuchtoken");
  }, 180_000);
});
