import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// `npm run seed` against a database that is not reachable yet (a compose stack still starting:
// the container smoke once saw P1001 from the seed's migrate deploy): it waits for it, then seeds.

const root = path.resolve(__dirname, "../..");
// The script remembers the demo password in .data/seed-credentials.json: the developer's own is put back.
const credentials = path.join(root, ".data/seed-credentials.json");
let saved: string | null = null;
let proxy: net.Server | null = null;

beforeEach(() => {
  saved = existsSync(credentials) ? readFileSync(credentials, "utf8") : null;
});

afterEach(async () => {
  await new Promise((r) => (proxy ? proxy.close(r) : r(null)));
  proxy = null;
  if (saved === null) rmSync(credentials, { force: true });
  else writeFileSync(credentials, saved, { mode: 0o600 });
});

/** A free port, not listening yet. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** From now on, connections to `port` reach the test database. */
async function openProxy(port: number, target: URL): Promise<void> {
  proxy = net.createServer((socket) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    const close = () => (socket.destroy(), upstream.destroy());
    socket.on("error", close);
    upstream.on("error", close);
  });
  await new Promise<void>((r) => proxy!.listen(port, "127.0.0.1", r));
}

function runSeed(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/seed.ts"], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

describe("npm run seed (the script)", () => {
  it("waits for a database that is not reachable yet, then migrates and seeds", async () => {
    const target = new URL(process.env.DATABASE_URL!);
    const port = await freePort();
    const url = new URL(target);
    url.port = String(port);
    const seeded = runSeed(url.toString());
    // Nothing listens for the first seconds: migrate deploy fails with P1001 at least once.
    await new Promise((r) => setTimeout(r, 3000));
    await openProxy(port, target);
    const { code, output } = await seeded;
    expect(output).toContain("the database is not reachable yet");
    expect(code).toBe(0);
    expect(output).toMatch(/Demo data ready/);
    expect(output).toMatch(/ar_pat_[A-Za-z0-9_]+/);
  }, 90_000);
});
